// Overloaded compound classes: MyQueue takes an optional capacity, like Queue itself.
// `|| ...` extends the primitive Queue with a two-argument form.

elementclass MyQueue {
  input -> Queue -> Unqueue -> output;
||
  $capacity | input -> Queue($capacity) -> Unqueue -> output;
}

elementclass Queue {
  $capacity, $rate | input -> Queue($capacity) -> Shaper($rate) -> output;
|| ...
}

source :: InfiniteSource(LIMIT 100, STOP true);
source -> small :: MyQueue(10) -> shaped :: Queue(100, 1000) -> plain :: Queue(50) -> Unqueue -> Discard;
