// __NAME__: frames of EtherType $ETHERTYPE go from port $IN to port $OUT; the others are dropped.
require(package __PACKAGE__);

FromNetfront($IN) -> filter :: __CLASS__(ETHERTYPE $ETHERTYPE) -> ToNetfront($OUT);
