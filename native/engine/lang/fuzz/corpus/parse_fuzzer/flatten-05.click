n1, n2, n3, x :: Idle;
n1, n2 [1], n3 -> [2] x;
x -> n1, [1] n2;