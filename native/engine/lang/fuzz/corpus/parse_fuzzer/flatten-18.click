elementclass Queue { input -> Queue -> Shaper(1000) -> output }
a, b :: Idle;
a -> Queue -> b;
