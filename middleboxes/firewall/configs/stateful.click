// Stateful firewall: the firewall configuration (see firewall.click) with connection
// tracking. A packet of a connection the rules allowed earlier passes without the rules, in
// either direction, so replies come back through a rule set that only allows connections to
// be opened one way; connections expire after their protocol's idle timeout (a TCP one
// sooner after FIN or RST). At most $CAPACITY connections are tracked; when the table is
// full, packets that would open another are dropped. conn.table lists the connections,
// conn.clear forgets them (rule set changes do not cut connections already allowed).

require(package firewall_elements);

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

cl_in[0] -> Paint(0) -> check :: CheckIPHeader(OFFSET 14);
cl_out[0] -> Paint(1) -> check;
check[1] -> bad :: Counter -> Discard;

// Known connections skip the rules (conn[0]); the rest meet them (conn[1]), and what the
// rules allow is recorded ([1]conn) and passes.
check -> conn :: ConnTrack(CAPACITY $CAPACITY, TCP_TIMEOUT $TCP_TIMEOUT, CLOSED_TIMEOUT $CLOSED_TIMEOUT,
                           UDP_TIMEOUT $UDP_TIMEOUT, OTHER_TIMEOUT $OTHER_TIMEOUT, PACKET_TIME $PACKET_TIME);
conn[1] -> filter :: IPFilter($POLICY all) -> [1] conn;
conn[0] -> back :: PaintSwitch;
back[0] -> to_out;
back[1] -> to_in;
