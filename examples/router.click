// A two-interface IPv4 router: ARP on both sides, a routing table, TTL and ICMP errors.
// Interface addresses come from definitions so the same file serves many instances:
//   cosmos config check examples/router.click ETH0_IP=10.0.0.1 ETH1_IP=10.0.1.1

define($ETH0_IP 10.0.0.1, $ETH0_MAC 02:00:00:00:00:01,
       $ETH1_IP 10.0.1.1, $ETH1_MAC 02:00:00:00:00:02);

// One router interface: ARP responder and querier around a device pair.
elementclass Interface {
  $dev, $ip, $mac |
  FromDevice($dev) -> cl :: Classifier(12/0806 20/0001, 12/0806 20/0002, 12/0800, -);
  cl [0] -> ARPResponder($ip $mac) -> out :: Queue(200) -> ToDevice($dev);
  cl [1] -> [1] arpq :: ARPQuerier($ip, $mac) -> out;
  cl [2] -> Strip(14) -> CheckIPHeader -> [0] output;   // IPv4 towards the routing table
  cl [3] -> Discard;
  input -> arpq;                                         // routed packets for this side
}

eth0 :: Interface(0, $ETH0_IP, $ETH0_MAC);
eth1 :: Interface(1, $ETH1_IP, $ETH1_MAC);

rt :: RadixIPLookup($ETH0_IP/32 2, $ETH1_IP/32 2,
                    10.0.0.0/24 0, 10.0.1.0/24 1);

eth0, eth1 -> GetIPAddress(16) -> rt;
rt [0] -> DecIPTTL -> eth0;
rt [1] -> DecIPTTL -> eth1;
rt [2] -> Discard;                                       // to the router itself
