/**
 * @element AggregateIPFlows
 * @synopsis AggregateIPFlows([KEYWORDS])
 * @category IP measurement
 * @summary numbers TCP and UDP flows in the aggregate annotation, with the direction in paint
 * @ports 1 input / 1 or 2 outputs; output 0 agnostic, output 1 push
 *
 * Sets the aggregate annotation of each TCP or UDP packet to the number of its flow, and
 * its paint annotation to its direction: 0 for packets in the direction of the flow's first
 * packet, 1 for replies. A flow is its protocol, addresses and ports, both directions
 * together. Flow numbers are given in order from 1; a flow idle for longer than its timeout,
 * in packet time (the timestamp annotations), ends, and its next packet starts a new flow
 * with a new number. UDP flows time out after UDP_TIMEOUT, TCP flows after TCP_TIMEOUT, or
 * TCP_DONE_TIMEOUT once FIN has been seen in both directions or RST in either. Ended flows
 * are forgotten every REAP of packet time.
 *
 * Packets that are not TCP or UDP, that lack the network header annotation, or that are
 * too short for a whole TCP header (20 bytes) or UDP header (8 bytes) leave on output 1, or
 * are dropped when there is no output 1. With ICMP true, ICMP errors (unreachable, source
 * quench, redirect, time exceeded, parameter problem) quoting a packet of a known flow get
 * that flow's number and paint 2 plus the quoted packet's direction; other ICMP errors are
 * treated like non-TCP/UDP packets.
 *
 * With FRAGMENTS true (the default), second and later fragments get the number and paint of
 * their first fragment (matched by addresses, protocol and IP identifier) when it came
 * through earlier, within FRAGMENT_TIMEOUT of packet time; other later fragments go to
 * output 1 or are dropped. With FRAGMENTS false, every later fragment does.
 *
 * Differences from Click: fragments that arrive before their first fragment are not held
 * back (so packets are never reordered, and later fragments without an earlier first
 * fragment are not numbered); TRACEINFO and SOURCE (the flow information file) are not
 * provided yet; AggregateIPFlows is not an AggregateNotifier.
 *
 * @arg TCP_TIMEOUT duration: idle timeout of TCP flows (default 24 h)
 * @arg TCP_DONE_TIMEOUT duration: idle timeout of finished TCP flows (default 30 s)
 * @arg UDP_TIMEOUT duration: idle timeout of UDP flows (default 1 min)
 * @arg FRAGMENT_TIMEOUT duration: how long a first fragment's number serves later fragments (default 30 s)
 * @arg REAP duration: how often ended flows are forgotten, in packet time (default 20 min)
 * @arg ICMP boolean: number ICMP errors about known flows (default false)
 * @arg FRAGMENTS boolean: number later fragments after their first fragment (default true)
 * @handler clear write: forgets every flow; later packets get new numbers
 * @handler count read: flows numbered so far (the last number given)
 * @handler flows read: flows remembered now
 * @see AggregateCounter, AggregateIP, AggregateIPAddrPair
 */
#pragma once
#include <cstdint>

#include "clickos/element.hh"
#include "flat_map.hh"

namespace clickos {

class AggregateIPFlows : public SimpleElement<AggregateIPFlows> {
  public:
    const char* class_name() const override { return "AggregateIPFlows"; }
    const char* port_count() const override { return "1/1-2"; }
    const char* processing() const override { return "a/ah"; }
    int configure(Args& args) override;
    void add_handlers() override;

    Packet* action(Packet* p) {
        if (__builtin_expect(mark(p), 1)) return p;
        if (noutputs() > 1)
            output(1).push(p);
        else
            p->kill();
        return nullptr;
    }

  private:
    // Both directions of a flow: the lower endpoint first.
    struct FlowId {
        uint32_t addr[2];
        uint16_t port[2];
        uint8_t proto;
        friend bool operator==(const FlowId&, const FlowId&) = default;
    };
    struct FlowHash {
        size_t operator()(const FlowId& k) const;
    };
    struct FlowInfo {
        uint32_t aggregate;
        uint8_t forward;  // the endpoint (0 or 1) the first packet came from
        uint8_t done;     // bit d: FIN seen from endpoint d; 3 after RST
        int64_t last;     // packet time, ns
    };
    struct FragmentId {
        uint32_t src, dst;
        uint16_t id;
        uint8_t proto;
        friend bool operator==(const FragmentId&, const FragmentId&) = default;
    };
    struct FragmentHash {
        size_t operator()(const FragmentId& k) const;
    };
    struct FragmentInfo {
        uint32_t aggregate;
        uint8_t paint;
        int64_t first;  // packet time of the first fragment
    };

    // Sets the annotations; false if the packet has no flow.
    bool mark(Packet* p);
    bool mark_icmp_error(Packet* p, const uint8_t* icmp, size_t length);
    int64_t timeout(const FlowInfo& f, uint8_t proto) const;
    void reap(int64_t now);

    analysis::FlatMap<FlowId, FlowInfo, FlowHash> flows_;
    analysis::FlatMap<FragmentId, FragmentInfo, FragmentHash> fragments_;
    uint32_t next_ = 1;
    int64_t tcp_timeout_ = 86400'000'000'000, tcp_done_timeout_ = 30'000'000'000, udp_timeout_ = 60'000'000'000;
    int64_t fragment_timeout_ = 30'000'000'000, reap_interval_ = 1200'000'000'000;
    int64_t next_reap_ = INT64_MIN;  // packet time of the next reap (set by the first packet)
    bool icmp_ = false, fragments_on_ = true;
};

}  // namespace clickos
