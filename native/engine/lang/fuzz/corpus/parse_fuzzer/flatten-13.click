a, b :: Idle;
a -> { input -> X -> output } -> b;