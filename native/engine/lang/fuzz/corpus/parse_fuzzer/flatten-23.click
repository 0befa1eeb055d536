elementclass MyQueue {
  input -> Queue -> Shaper(1000) -> output;
||
  $cap | input -> Queue($cap) -> Shaper(1000) -> output;
}
a, b :: Idle;
a -> q1 :: MyQueue -> b;
a -> q2 :: MyQueue(5) -> b;
