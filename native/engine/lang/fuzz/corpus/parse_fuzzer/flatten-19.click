elementclass MyQueue Queue;
q :: MyQueue(3);