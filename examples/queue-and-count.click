// A source, a queue between a push and a pull path, and counters on both sides.
// The source makes 32 packets per turn and Unqueue moves 16, with equal shares of the CPU:
// the queue fills up and drops (see q.drops). The source stops the router after LIMIT.
// run: -h in.count -h out.count -h q.length -h q.highwater_length -h q.drops

define($LIMIT 100000);

InfiniteSource(LENGTH 64, LIMIT $LIMIT, BURST 32, STOP true)
  -> in :: Counter
  -> q :: Queue(1024)
  -> Unqueue(BURST 16)
  -> out :: Counter
  -> Discard;
