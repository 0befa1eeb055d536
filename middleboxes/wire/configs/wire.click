// Wire: every frame that arrives on port $IN leaves on port $OUT and the other way round,
// unchanged. Each direction is counted. The ClickOS paper's baseline middlebox.

FromNetfront($IN, BURST $BURST) -> in_to_out :: Counter -> ToNetfront($OUT);
FromNetfront($OUT, BURST $BURST) -> out_to_in :: Counter -> ToNetfront($IN);
