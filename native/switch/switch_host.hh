// One clickos-switch process serves every named switch ("vale0", "vale1", ...): the ports of
// all of them, their MAC tables, and one forwarding loop that works through batches while
// frames flow and sleeps on the ports' wake-ups when none do.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "clickos/platform.hh"
#include "mac_table.hh"
#include "port.hh"

namespace clickos::sw {

class SwitchHost {
  public:
    static constexpr size_t max_ports_per_switch = 2048;
    static constexpr uint32_t batch = 64;

    struct Bridge {
        std::string name;
        MacTable table;
        std::vector<int> ports;
    };

    SwitchHost();
    ~SwitchHost();

    // Adds a port to switch `bridge` (created on first use); returns its id, or -1 with error.
    int add_port(const std::string& bridge, std::unique_ptr<Port> port, std::string& error);
    // Removes a port; its MAC entries and capture go with it.
    bool remove_port(int id);
    Port* port(int id) const { return id >= 0 && size_t(id) < ports_.size() ? ports_[size_t(id)].get() : nullptr; }
    const Bridge* bridge_of(int port_id) const;
    Bridge* bridge(const std::string& name);
    const std::map<std::string, Bridge>& bridges() const { return bridges_; }

    // Other descriptors the loop watches (the control socket and its clients).
    void watch(int fd, std::function<void()> on_readable);
    void unwatch(int fd);

    // Runs the loop until stop(); `max_ns` >= 0 bounds one call (tests).
    void run(int64_t max_ns = -1);
    void stop() {
        stopped_ = true;
        poller_.wake();
    }
    // Forwards one batch from port `id` (also used by tests); returns frames handled.
    uint32_t forward(int id);
    // Forwards what a port's peer already sent, as far as its destinations have room (before
    // removing a port whose peer is gone).
    void drain(int id);
    int64_t mac_max_age_ns = 300'000'000'000;  // learned entries expire after 5 minutes
    // A port that forwarded frames within poll_ns is polled instead of put to sleep: the next
    // frame of an exchange (a reply) then costs no wake-up, which on a VM's halted vCPU costs
    // tens of microseconds. Idle ports still sleep; 0 sleeps at once.
    int64_t poll_ns = 0;
    // Kick coalescing: frames delivered to a sleeping ring port's instance wake it once
    // kick_frames of them are waiting (at most half its ring), once the oldest has waited
    // kick_ns, or when the switch has nothing else to do, whichever comes first; an instance
    // then wakes once per larger batch instead of once per round, and a lone frame (a ping)
    // is kicked as soon as the switch goes idle. 0 kicks at every flush (clickos-switch sets
    // 256 and 50 us by default).
    uint32_t kick_frames = 0;
    int64_t kick_ns = 0;

  private:
    // Kicks the ports whose coalesced frames are due (all of them with `all`).
    void kick_due(bool all);
    // Returns false when a unicast destination is full and applies backpressure.
    bool deliver(Bridge& b, int src, const uint8_t* data, uint32_t len);
    bool send_to(int dst, const uint8_t* data, uint32_t len);
    void wake(int id);

    std::vector<std::unique_ptr<Port>> ports_;
    std::vector<std::string> port_bridge_;
    std::map<std::string, Bridge> bridges_;
    std::vector<int> active_;  // ports with frames to forward
    std::vector<bool> is_active_;
    std::vector<int64_t> last_frame_ns_;  // when each port last forwarded a frame
    std::vector<int> touched_;            // ports with staged frames this round
    std::vector<bool> is_touched_;
    std::vector<int> kick_pending_;        // ports with frames published but not kicked
    std::vector<uint32_t> unkicked_;       // per port: frames published since its last kick
    std::vector<int64_t> unkicked_since_;  // per port: when the first of them was published
    std::map<int, std::function<void()>> watchers_;
    std::map<int, int> wake_fds_;   // wake descriptor -> port id
    std::map<int, int> space_fds_;  // space descriptor -> port id
    // Backpressure: sources held because a unicast destination's ring is full, per destination.
    std::map<int, std::vector<int>> blocked_on_;
    std::vector<bool> is_blocked_;
    int blocked_dst_ = -1;  // set by deliver() when it stops for a full destination
    // Frames of a stream repeat their addresses: the last source learned and destination looked
    // up hold while the table's generation is unchanged (and for one round, for learning's
    // last-seen time). Cleared when ports come or go.
    struct LookupCache {
        const Bridge* bridge = nullptr;
        uint64_t generation = 0;
        int src = -1;
        uint64_t src_mac = 0;
        int64_t learned_ns = -1;
        bool dst_known = false;
        uint64_t dst_mac = 0;
        int out = -1;
    } lookup_cache_;
    platform::Poller poller_;
    bool stopped_ = false;
    int64_t now_ = 0;
};

}  // namespace clickos::sw
