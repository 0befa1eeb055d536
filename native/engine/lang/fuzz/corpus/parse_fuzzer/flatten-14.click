b :: Idle;
{ input -> X -> output } -> b;