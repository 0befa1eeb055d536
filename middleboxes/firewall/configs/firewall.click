// Firewall: a transparent (bridging) IPv4 firewall between ports $IN and $OUT. Frames pass
// from each port to the other; IPv4 packets, in both directions, go through one rule set in
// Click's IPFilter language, `filter`, first match wins; ARP passes; other frames (IPv6,
// VLAN-tagged, anything else) and malformed IPv4 packets are dropped and counted.
//
// The configuration starts with the single rule `$POLICY all`. Load the real rules through
// the filter's config handler: a write compiles the whole new set off the packet path and
// swaps it in between batches, so each packet sees the old set or the new one, and a bad
// rule is refused with its position while the old set stays. For example
//   filter.config  "allow src net 10.0.0.0/8 && tcp dst port 80 or 443, allow icmp type echo, deny all"
// filter.counts reads the per-rule packet and byte counters as JSON.

from_in :: FromNetfront($IN, BURST $BURST);
from_out :: FromNetfront($OUT, BURST $BURST);
to_in :: ToNetfront($IN);
to_out :: ToNetfront($OUT);

from_in -> cl_in :: Classifier(12/0800, 12/0806, -);
from_out -> cl_out :: Classifier(12/0800, 12/0806, -);
cl_in[1] -> arp_in :: Counter -> to_out;
cl_out[1] -> arp_out :: Counter -> to_in;
cl_in[2] -> other :: Counter -> Discard;
cl_out[2] -> other;

// The paint says where a packet came from, so that one rule set serves both directions.
cl_in[0] -> Paint(0) -> check :: CheckIPHeader(OFFSET 14);
cl_out[0] -> Paint(1) -> check;
check[1] -> bad :: Counter -> Discard;
check -> filter :: IPFilter($POLICY all) -> back :: PaintSwitch;
back[0] -> to_out;
back[1] -> to_in;
