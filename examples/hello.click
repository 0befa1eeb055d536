// The smallest useful configuration: five packets printed and dropped, then stop.
InfiniteSource(DATA "hello", LIMIT 5, STOP true)
  -> Print(hello)
  -> Discard;
