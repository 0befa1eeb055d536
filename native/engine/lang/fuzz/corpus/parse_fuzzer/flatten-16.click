elementclass MyQueue {
  input -> Queue -> Shaper(1000) -> output;
}
a, b :: Idle;
q :: MyQueue;
a -> q -> b;
