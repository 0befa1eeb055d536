c :: Classifier(00/01, 00/02, 00/03); next :: Idle;
c [0,1,2] => Paint(0), Paint(1), Paint(2) -> next;