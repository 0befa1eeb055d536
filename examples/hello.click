// The smallest useful configuration: five packets printed and dropped, then stop.
// run: -h InfiniteSource@1.count
InfiniteSource(DATA "hello", LIMIT 5, STOP true)
  -> Print(hello)
  -> Discard;
