// A Wire between two ports, counting each direction: port 0 <-> port 1.
// `cosmos read NAME fwd count`, `cosmos write NAME fwd reset`.
FromNetfront(0) -> fwd :: Counter -> ToNetfront(1);
FromNetfront(1) -> back :: Counter -> ToNetfront(0);
