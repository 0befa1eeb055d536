elementclass Two { input -> X -> output || input -> Y -> output; input [1] -> Z -> [1] output }
a, b :: Idle;
a -> t1 :: Two -> b;
a [0, 1] => t2 :: Two => [0, 1] b;
