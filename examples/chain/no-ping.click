// The Wire with a filter: IPv4 ICMP echo requests going forward are dropped (and counted);
// everything else passes. Hot-swapped over wire.click, the Counters keep their counts.
FromNetfront(0) -> fwd :: Counter
  -> filter :: Classifier(12/0800 23/01 34/08, -);
filter[0] -> dropped :: Counter -> Discard;
filter[1] -> ToNetfront(1);
FromNetfront(1) -> back :: Counter -> ToNetfront(0);
