a, b, c, d :: Idle;
compound :: {
  input -> X -> output;
  input [1] -> Y -> [1] output;
};
a -> compound -> b;
c -> [1] compound [1] -> d;
