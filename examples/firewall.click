// A stateless firewall: ARP passes, IPv4 goes through the rule set, the rest is dropped.
// Rules use Click's IPFilter language; the last matching-nothing packet is dropped.

define($IN 0, $OUT 1);

elementclass Rules {
  $web |
  input -> CheckIPHeader(14)
        -> filter :: IPFilter(allow tcp dst port $web,
                              allow icmp type echo,
                              allow udp dst port 53,
                              deny all)
        -> output;
}

from :: FromDevice($IN);
to :: ToDevice($OUT);

from -> cl :: Classifier(12/0806, 12/0800, -);
cl [0] -> to;                                // ARP
cl [1] -> Rules(80) -> accepted :: Counter -> to;
cl [2] -> dropped :: Counter -> Discard;     // neither ARP nor IPv4
