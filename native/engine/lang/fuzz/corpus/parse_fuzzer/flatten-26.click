elementclass Outer {
  $a |
  elementclass Inner { $b | DriverManager($a) }
  elementclass Middle { $a | Idle; Inner($a) }
  Middle(other);
}
Outer(stop);
