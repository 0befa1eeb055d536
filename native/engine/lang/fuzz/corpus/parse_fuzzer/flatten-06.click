n1, n3 :: Idle;
n1, n2 :: Counter -> n3;