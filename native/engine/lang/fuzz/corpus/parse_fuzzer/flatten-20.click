a, b :: Idle;
a -> { $a | input -> A(1, $a, 3) -> output } (100) -> b;