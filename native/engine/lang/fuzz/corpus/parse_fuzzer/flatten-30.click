define($x outer);
c :: { define($x inner); a :: P($x) };
b :: P($x);