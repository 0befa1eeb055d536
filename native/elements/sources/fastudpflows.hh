/**
 * @element FastUDPFlows
 * @synopsis FastUDPFlows(RATE, LIMIT, LENGTH, SRCETH, SRCIP, DSTETH, DSTIP, FLOWS, FLOWSIZE [, CHECKSUM, ACTIVE])
 * @category sources
 * @summary a fast source of UDP/IPv4/Ethernet packets in several flows, for benchmarks
 * @ports 0 inputs / 1 output, pull
 *
 * Prepares one Ethernet + IPv4 + UDP packet of LENGTH bytes (at least 60) for each of FLOWS
 * flows, from SRCETH/SRCIP to DSTETH/DSTIP, each flow with its own pseudo-random source and
 * destination ports (0 to 65534). Each pull hands out a clone of the next flow's packet, the
 * flows taking turns, so the fast path allocates no data and copies nothing; an element that
 * changes a packet gets its own copy. After a flow has sent FLOWSIZE packets it gets new
 * ports. The IP header checksum is always set; the UDP checksum is set when CHECKSUM is true
 * and zero otherwise. The IP header has TTL 250, ID 0 and no fragmentation; the payload is
 * zeros. Packets carry their MAC, network and transport header annotations and a destination
 * IP annotation of DSTIP.
 *
 * Packets leave at RATE per second (0: as fast as they are pulled), LIMIT of them in all (a
 * negative LIMIT never stops), while ACTIVE. When the rate or the limit holds packets back,
 * its empty notifier lets the puller sleep until the next packet is due. The ports come from
 * a generator with a fixed seed per element, so runs are repeatable.
 *
 * @arg RATE unsigned: packets per second, 0 for no limit
 * @arg LIMIT integer: packets to send, negative for no limit
 * @arg LENGTH unsigned: packet length including the Ethernet header (at least 60)
 * @arg SRCETH Ethernet address: source address
 * @arg SRCIP IP address: source address
 * @arg DSTETH Ethernet address: destination address
 * @arg DSTIP IP address: destination address
 * @arg FLOWS unsigned: number of flows (1 to 65536)
 * @arg FLOWSIZE unsigned: packets a flow sends before its ports change (at least 1)
 * @arg CHECKSUM boolean: whether to set the UDP checksum (default true)
 * @arg ACTIVE boolean: whether to send (default true)
 * @handler count read: packets sent
 * @handler rate read/write: reading gives the average packets per second sent, from the first
 *   packet to the last one (once LIMIT is reached) or to now; writing sets RATE
 * @handler reset write: sets count to zero and restarts the rate measurement
 * @handler active read/write: ACTIVE
 * @handler limit read/write: LIMIT
 * @see RatedSource, InfiniteSource, Unqueue
 */
#pragma once
#include <vector>

#include "clickos/addresses.hh"
#include "clickos/element.hh"
#include "clickos/notifier.hh"
#include "clickos/timer.hh"
#include "shaping/token_bucket.hh"

namespace clickos {

class FastUDPFlows : public Element {
  public:
    static constexpr uint32_t min_length = 60;
    static constexpr uint32_t max_flows = 65536;

    FastUDPFlows() : timer_(this) {}
    const char* class_name() const override { return "FastUDPFlows"; }
    const char* port_count() const override { return "0/1"; }
    const char* processing() const override { return "l/l"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage) override;
    void add_handlers() override;
    void* cast(const char* name) override;
    void run_timer(Timer*) override;
    Packet* pull(int) override;
    PacketBatch pull_batch(int, unsigned max) override;

  private:
    struct Flow {
        Packet* packet = nullptr;  // the prepared packet handed out as clones
        uint32_t sent = 0;         // packets sent with the current ports
    };
    static constexpr int64_t burst_ns = 20'000'000;

    Packet* build_packet();
    // Gives a flow fresh ports (on a private copy if clones still share its packet).
    void new_ports(Flow& f);
    void write_ports(Packet* p);
    // Packets that may leave now, at most `max`; puts the puller to sleep when none.
    uint64_t allowed(uint64_t max);
    void wake();
    uint32_t random_port();

    Timer timer_;
    TokenBucket bucket_;
    ActiveNotifier notifier_;
    std::vector<Flow> flows_;
    size_t next_flow_ = 0;
    uint64_t rng_ = 1;  // port generator state, seeded in initialize()
    // Configuration.
    uint32_t rate_ = 0;
    int64_t limit_ = -1;
    uint32_t length_ = min_length;
    EtherAddress src_eth_, dst_eth_;
    IPAddress src_ip_, dst_ip_;
    uint32_t nflows_ = 1;
    uint32_t flowsize_ = 1;
    bool checksum_ = true;
    bool active_ = true;
    // Measurement.
    uint64_t count_ = 0;
    int64_t first_ns_ = 0;  // when the first packet left
    int64_t last_ns_ = 0;   // when the LIMIT-th packet left (0: not yet)
};

}  // namespace clickos
