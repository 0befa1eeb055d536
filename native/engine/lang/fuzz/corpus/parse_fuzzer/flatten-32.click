a, d :: Idle;
a => (-> c :: Idle), (-> b :: Idle), d;
c -> b;