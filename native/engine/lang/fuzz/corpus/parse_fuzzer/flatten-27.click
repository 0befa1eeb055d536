elementclass Foo { $a | DriverManager($a) }
elementclass Far { $a, $b | Foo($b) }
Far(wait stop, stop);
