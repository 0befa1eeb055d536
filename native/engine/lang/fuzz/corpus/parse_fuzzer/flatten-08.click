c :: Classifier(00/01, 00/02, 00/03); next :: Idle;
c => Paint(0), Paint(1), Paint(2) -> next;