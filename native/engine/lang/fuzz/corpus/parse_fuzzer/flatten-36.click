x :: P(1, /* two */ 2 // end
);