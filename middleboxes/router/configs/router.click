// Router: an IPv4 router between two ports, in the manner of RFC 1812. Each interface answers
// ARP for its address and finds its neighbours' Ethernet addresses with ARP; forwarded
// packets lose one TTL, get their options processed, are fragmented to $MTU, and cause ICMP
// errors where RFC 1812 asks for them (time exceeded, parameter problem, fragmentation needed,
// redirect, network unreachable). The router answers pings to its own addresses.
//
// Routes live in `rt`, a RadixIPLookup whose outputs are: 0 this router, 1 interface 0,
// 2 interface 1, 3 no route (ICMP network unreachable). The configuration routes the two
// connected networks and sends everything else to output 3; more routes are added, changed
// and removed at run time through rt.add, rt.set, rt.remove and rt.ctrl (for example
// `rt.set 0.0.0.0/0 10.0.1.254 2` for a default route through a gateway on interface 1).

// ---- the routing table ----
rt :: RadixIPLookup($IP0/32 0, $IP1/32 0, $IP0/$PREFIX0 1, $IP1/$PREFIX1 2, 0.0.0.0/0 3);

// ---- interface 0: port $PORT0, $IP0 on $NET0 ----
from0 :: FromNetfront($PORT0, BURST $BURST);
to0 :: ToNetfront($PORT0);
from0 -> cl0 :: Classifier(12/0806 20/0001, 12/0806 20/0002, 12/0800, -);
cl0[0] -> arp_responder0 :: ARPResponder($IP0 $MAC0) -> to0;
cl0[1] -> [1] arpq0 :: ARPQuerier($IP0, $MAC0) -> to0;
cl0[2] -> Paint(1) -> Strip(14) -> check0 :: CheckIPHeader(INTERFACES $IP0/$PREFIX0 $IP1/$PREFIX1) -> GetIPAddress(16) -> rt;
cl0[3] -> non_ip0 :: Counter -> Discard;

// ---- interface 1: port $PORT1, $IP1 on $NET1 ----
from1 :: FromNetfront($PORT1, BURST $BURST);
to1 :: ToNetfront($PORT1);
from1 -> cl1 :: Classifier(12/0806 20/0001, 12/0806 20/0002, 12/0800, -);
cl1[0] -> arp_responder1 :: ARPResponder($IP1 $MAC1) -> to1;
cl1[1] -> [1] arpq1 :: ARPQuerier($IP1, $MAC1) -> to1;
cl1[2] -> Paint(2) -> Strip(14) -> check1 :: CheckIPHeader(INTERFACES $IP0/$PREFIX0 $IP1/$PREFIX1) -> GetIPAddress(16) -> rt;
cl1[3] -> non_ip1 :: Counter -> Discard;

// Packets for this router: pings are answered (ICMPPingResponder clears the reply's paint,
// so it draws no redirect); the rest is counted and dropped.
rt[0] -> local :: IPClassifier(icmp type echo, -);
local[0] -> ICMPPingResponder -> rt;
local[1] -> to_router :: Counter -> Discard;

// Output paths: redirect when a packet leaves by the interface it came in on, IP options,
// source fix for ICMP errors, TTL, fragmentation, then ARP.
rt[1] -> redirect0 :: PaintTee(1)
      -> options0 :: IPGWOptions($IP0)
      -> FixIPSrc($IP0)
      -> ttl0 :: DecIPTTL
      -> frag0 :: IPFragmenter($MTU)
      -> forwarded0 :: Counter
      -> [0] arpq0;
redirect0[1] -> ICMPError($IP0, redirect, host) -> rt;
options0[1] -> ICMPError($IP0, parameterproblem) -> rt;
ttl0[1] -> ICMPError($IP0, timeexceeded) -> rt;
frag0[1] -> ICMPError($IP0, unreachable, needfrag, PMTU $MTU) -> rt;

rt[2] -> redirect1 :: PaintTee(2)
      -> options1 :: IPGWOptions($IP1)
      -> FixIPSrc($IP1)
      -> ttl1 :: DecIPTTL
      -> frag1 :: IPFragmenter($MTU)
      -> forwarded1 :: Counter
      -> [0] arpq1;
redirect1[1] -> ICMPError($IP1, redirect, host) -> rt;
options1[1] -> ICMPError($IP1, parameterproblem) -> rt;
ttl1[1] -> ICMPError($IP1, timeexceeded) -> rt;
frag1[1] -> ICMPError($IP1, unreachable, needfrag, PMTU $MTU) -> rt;

// No route: ICMP network unreachable, from the address of the interface it leaves by.
rt[3] -> no_route :: Counter -> ICMPError($IP0, unreachable, net) -> rt;
