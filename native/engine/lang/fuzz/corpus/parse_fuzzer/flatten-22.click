define($dev eth0);
x :: P(${dev}x, ${missing-fallback}, '$dev', "$dev");