/**
 * @element ConnTrack
 * @synopsis ConnTrack([keywords CAPACITY, TCP_TIMEOUT, CLOSED_TIMEOUT, UDP_TIMEOUT, OTHER_TIMEOUT, PACKET_TIME])
 * @category firewall
 * @summary remembers the connections a filter allowed, so that their later packets and replies pass
 * @ports 2 inputs / 2 outputs, push
 *
 * The stateful half of a firewall. Packets need a network header annotation (CheckIPHeader).
 * Each packet is reduced to its connection: protocol, addresses and, for TCP and UDP, ports
 * (for ICMP queries such as echo, the identifier). A connection is the same in both
 * directions, so a reply belongs to the connection of the packet it answers.
 *
 * Input 0 takes packets to check: a packet of a connection in the table leaves on output 0
 * and renews the connection's timeout; any other packet leaves on output 1, usually towards
 * the filter's rules. Input 1 takes the packets the rules allowed: their connection is
 * recorded (or renewed) and they leave on output 0. When the table holds CAPACITY live
 * connections, a packet that would start another is dropped (fail closed) and counted.
 *
 * Packets that cannot be reduced to a connection (no or a truncated network header, a
 * transport header cut short, a fragment other than the first, ICMP errors and other
 * non-query ICMP messages) are never in the table: on input 0 they go to output 1, on input
 * 1 they pass to output 0 without being recorded.
 *
 * A connection lives for its protocol's timeout after its last packet: TCP_TIMEOUT for TCP,
 * UDP_TIMEOUT for UDP, OTHER_TIMEOUT for ICMP and the rest. Once a TCP connection has sent a
 * FIN or a RST, either way, it lives CLOSED_TIMEOUT after its last packet. Expired
 * connections are removed when next looked up and by a sweep that visits the whole table
 * every few seconds.
 *
 * With PACKET_TIME true the clock is the packets' timestamp annotations (for traces: FromDump
 * sets them) instead of the system's monotonic clock.
 *
 * On hot-swap the new ConnTrack takes the old one's connections (as many as fit).
 *
 * @arg CAPACITY unsigned: most connections tracked at once, 1 to 16777216 (default 65536)
 * @arg TCP_TIMEOUT time: lifetime of an idle TCP connection (default 1 hour)
 * @arg CLOSED_TIMEOUT time: lifetime of a TCP connection after a FIN or RST (default 10s)
 * @arg UDP_TIMEOUT time: lifetime of an idle UDP flow (default 60s)
 * @arg OTHER_TIMEOUT time: lifetime of an idle ICMP query or other flow (default 30s)
 * @arg PACKET_TIME boolean: take the time from packet timestamps (default false)
 * @handler count read: connections in the table (expired ones removed first)
 * @handler table read: one line per connection: "PROTO ADDR:PORT ADDR:PORT SECONDS_LEFT [closed]"
 * @handler created read: connections recorded since start
 * @handler full_drops read: packets dropped because the table was full
 * @handler capacity read: CAPACITY
 * @handler clear write: forgets every connection
 * @see IPFilter
 */
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "clickos/element.hh"
#include "clickos/timer.hh"

namespace firewall {

// Hidden: the package exports only its registration function, so the compiler may inline the
// hot helpers (an exported member of a -fPIC library could be interposed, which stops it).
class __attribute__((visibility("hidden"))) ConnTrack : public clickos::Element {
  public:
    ConnTrack() : sweep_timer_(this) {}
    const char* class_name() const override { return "ConnTrack"; }
    const char* port_count() const override { return "2/2"; }
    const char* processing() const override { return "h/h"; }
    int configure(clickos::Args& args) override;
    int initialize(clickos::ErrorHandler* errh) override;
    void cleanup(clickos::CleanupStage stage) override;
    void add_handlers() override;
    void take_state(clickos::Element* old, clickos::ErrorHandler* errh) override;
    void push(int port, clickos::Packet* p) override;
    void push_batch(int port, clickos::PacketBatch& batch) override;
    void run_timer(clickos::Timer* timer) override;

    // A connection, the same whichever way its packets go: the lower (address, port) end first.
    struct Key {
        uint32_t addr[2];
        uint16_t port[2];
        uint8_t proto;
        bool operator==(const Key& o) const {
            return addr[0] == o.addr[0] && addr[1] == o.addr[1] && port[0] == o.port[0] && port[1] == o.port[1] &&
                   proto == o.proto;
        }
    };

  private:
    enum State : uint8_t { Empty = 0, Open = 1, Closed = 2 };
    struct Slot {
        Key key;
        State state;
        int64_t expires;  // ns on the element's clock
    };

    // The packet's connection; false if it has none (see the description). `closing` is set
    // for TCP packets with FIN or RST.
    static bool key_of(const clickos::Packet* p, Key& key, bool& closing);
    static uint32_t hash(const Key& k);
    int64_t now_of(const clickos::Packet* p) const;
    int64_t lifetime(const Key& k, State s) const;

    // The slot holding k (live), or -1; an expired match is removed on the way.
    long find(const Key& k, int64_t now);
    // Records k; false if the table is full of live connections.
    bool insert(const Key& k, State s, int64_t now);
    void erase(size_t i);
    void refresh(Slot& s, bool closing, int64_t now);
    // Removes expired connections among `count` slots from sweep_next_.
    void sweep(size_t count, int64_t now);
    void sweep_all(int64_t now) { sweep(slots_.size() + 1, now); }

    // Output 0 (known), 1 (unknown), or -1 (dropped) for a packet on `port`.
    int classify(int port, clickos::Packet* p, int64_t now);

    std::vector<Slot> slots_;
    size_t mask_ = 0;
    size_t live_ = 0;  // slots in use, expired or not
    size_t sweep_next_ = 0;
    uint32_t capacity_ = 65536;
    int64_t tcp_ns_, closed_ns_, udp_ns_, other_ns_;
    bool packet_time_ = false;
    int64_t last_now_ = 0;
    int64_t last_full_sweep_ = 0;
    bool full_swept_ = false;  // whether last_full_sweep_ is set
    uint64_t created_ = 0;
    uint64_t full_drops_ = 0;
    clickos::Timer sweep_timer_;
};

}  // namespace firewall
