// A wire between two ports that counts what crosses it in each direction: the ClickOS
// paper's baseline middlebox, written with a compound element class.
//   cosmos config flatten examples/counting-wire.click IN=0 OUT=1

elementclass CountingWire {
  input -> count :: Counter -> output;
}

define($IN 0, $OUT 1);

FromDevice($IN) -> forward :: CountingWire -> ToDevice($OUT);
FromDevice($OUT) -> reverse :: CountingWire -> ToDevice($IN);
