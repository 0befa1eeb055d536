x, y :: Idle;
x -> c :: Classifier(00/01) => (
    input [0] -> output;
    input [1] -> Paint(1) -> output
) -> y;
