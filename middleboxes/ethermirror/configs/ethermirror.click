// EtherMirror: every frame that arrives on port $PORT goes back out of $PORT with its Ethernet
// destination and source addresses exchanged (frames shorter than 14 bytes are dropped). The
// ClickOS paper's reflector baseline.

FromNetfront($PORT, BURST $BURST) -> mirrored :: Counter -> EtherMirror -> ToNetfront($PORT);
