a, x, b :: Idle;
a [1] -> [2] x [3] -> [4] b;