// A switch port: where frames enter the switch and where it delivers them. Ring ports
// (instances), NIC ports and TAP ports implement the same small interface, so the
// forwarding loop does not care which kind it serves.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace clickos::sw {

struct PortCounters {
    uint64_t rx_packets = 0, rx_bytes = 0;  // frames the port gave the switch
    uint64_t tx_packets = 0, tx_bytes = 0;  // frames the switch delivered to it
    uint64_t tx_drops = 0;                  // frames that found no room
    uint64_t bad_frames = 0;                // malformed input (bad slots, runts)
    uint64_t rx_drops = 0;                  // frames lost before the switch saw them (a NIC's full ring)
    // How the loop served the port: rounds that polled it, times it armed its wake-up and
    // left the active set, and wake-ups that brought it back.
    uint64_t polls = 0, sleeps = 0, wakeups = 0;
};

// A frame borrowed from a port during one forwarding round.
struct Frame {
    const uint8_t* data;
    uint32_t len;
};

class Port {
  public:
    virtual ~Port() = default;
    virtual const char* kind() const = 0;  // "ring", "packet", "xdp", "tap"

    // Up to `max` received frames; they stay valid until release_received().
    virtual uint32_t receive(Frame* frames, uint32_t max) = 0;
    // Gives back the first n frames of the last receive(); the others are received again
    // next time (ports that cannot keep frames release them all).
    virtual void release_received(uint32_t n) = 0;
    // Whether the port may have more frames right now; if not, it arms its wake-up (returns
    // false), and the descriptor from wake_fd() becomes readable when frames arrive.
    virtual bool more_or_sleep() = 0;
    virtual int wake_fd() const = 0;
    virtual void woken() {}  // after wake_fd() was readable

    // Copies a frame into the port's transmit queue; false if there was no room.
    virtual bool stage(const uint8_t* data, uint32_t len) = 0;
    // Makes staged frames visible (kicking the peer when it sleeps).
    virtual void flush() = 0;
    // Kick coalescing (ring ports): flush_quietly() makes staged frames visible without the
    // kick, returning how many; kick() then wakes the peer if it sleeps.
    virtual uint32_t flush_quietly() {
        flush();
        return 0;
    }
    virtual void kick() {}
    // Ring slots towards the peer (ring ports; 0 for others): coalesced kicks wait for at
    // most half of them.
    virtual uint32_t slots() const { return 0; }
    // Backpressure: whether the port has room now; if not, it arms a wake-up on space_fd()
    // (returns false). Ports that cannot say (NIC, TAP) always have room and drop instead.
    virtual bool room_or_wait() { return true; }
    virtual int space_fd() const { return -1; }
    virtual void space_woken() {}
    // A port whose peer is gone is removed by the switch.
    virtual bool peer_alive() const { return true; }
    // Called about once a second: a chance to notice a peer that left without a wake-up.
    virtual void check_peer() {}
    // Brings counters kept elsewhere (by the kernel) up to date, before a listing.
    virtual void refresh_counters() {}
    // Extra facts for listings (an AF_XDP port's mode, say); empty when none.
    virtual std::string info() const { return {}; }

    PortCounters counters;
    std::string name;
    int id = -1;
    // Opt-in busy polling: the loop polls the port every round and never arms its wake-up
    // (its peer never needs a kick), and the switch stops sleeping while such a port exists.
    // Lower latency, at the price of a core.
    bool busy = false;
    // Mirrors every frame the port sends or receives to this pcap writer, if set.
    class Capture* capture = nullptr;
};

}  // namespace clickos::sw
