elementclass A { input -> B -> output }
elementclass B { input -> C -> output }
x, y :: Idle;
x -> A -> y;
