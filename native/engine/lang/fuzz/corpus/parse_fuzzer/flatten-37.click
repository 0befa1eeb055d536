elementclass Inner { input -> c :: Counter -> output }
elementclass Outer { input -> i1 :: Inner -> i2 :: Inner -> output }
s :: Idle; d :: Discard;
s -> o :: Outer -> d;
