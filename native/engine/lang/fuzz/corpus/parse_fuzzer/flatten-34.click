require(package clickos-firewall, fastclassifier);
provide(mything);
Idle -> Discard;