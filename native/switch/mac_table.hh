// MAC address to port: learned entries (refreshed by traffic, aged out) and static entries
// (the ClickOS extension: set by the operator, never learned over).
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

namespace clickos::sw {

inline uint64_t mac_key(const uint8_t* m) {
    // Two loads into registers: copying 6 bytes into a zeroed uint64_t on the stack and
    // loading it back stalls on store forwarding, which was a third of the switch's time.
    uint32_t low;
    uint16_t high;
    std::memcpy(&low, m, 4);
    std::memcpy(&high, m + 4, 2);
    return uint64_t(low) | uint64_t(high) << 32;
}
std::string mac_string(uint64_t key);
bool parse_mac(const std::string& s, uint64_t& key);

class MacTable {
  public:
    struct Entry {
        int port;
        bool is_static;
        int64_t last_seen_ns;
    };
    // Learns src on port (unless a static entry owns the address).
    void learn(uint64_t mac, int port, int64_t now_ns) {
        auto it = entries_.find(mac);
        if (it == entries_.end()) {
            if (entries_.size() < max_entries) {
                entries_.emplace(mac, Entry{port, false, now_ns});
                ++generation_;
            }
            return;
        }
        if (it->second.is_static) return;
        if (it->second.port != port) ++generation_;
        it->second.port = port;
        it->second.last_seen_ns = now_ns;
    }
    // The port for dst, or -1 when unknown (flood).
    int lookup(uint64_t mac) const {
        auto it = entries_.find(mac);
        return it == entries_.end() ? -1 : it->second.port;
    }
    void set_static(uint64_t mac, int port) {
        entries_[mac] = Entry{port, true, 0};
        ++generation_;
    }
    bool remove(uint64_t mac) {
        bool removed = entries_.erase(mac) > 0;
        generation_ += removed;
        return removed;
    }
    // Changes whenever an address appears, moves or goes: answers a caller cached stay right
    // while it does not.
    uint64_t generation() const { return generation_; }
    void forget_port(int port);                    // a port left: its entries go
    void age(int64_t now_ns, int64_t max_age_ns);  // learned entries not seen for max_age
    const std::unordered_map<uint64_t, Entry>& entries() const { return entries_; }
    static constexpr size_t max_entries = 1 << 20;

  private:
    std::unordered_map<uint64_t, Entry> entries_;
    uint64_t generation_ = 0;
};

}  // namespace clickos::sw
