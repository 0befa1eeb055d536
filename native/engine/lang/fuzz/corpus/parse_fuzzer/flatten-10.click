a, b, c :: Idle;
a [] => b, [1] c;