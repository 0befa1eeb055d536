elementclass Queue {
  $cap, $rate | input -> Queue($cap) -> Shaper($rate) -> output;
|| ...
}
q :: Queue(5, 100);
r :: Queue(7);
