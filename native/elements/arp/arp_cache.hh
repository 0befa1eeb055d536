// ARPQuerier's table: IP address -> Ethernet address entries that age out, and the IP
// packets waiting for an answer, with Click's ARPTable limits (packets held in all, entries,
// packets per entry). Entries sit in an age list, oldest first: expiry and eviction take
// from its front, and a timer only has to wake for the front entry.
#pragma once
#include <cstdint>
#include <list>
#include <string>
#include <unordered_map>

#include "clickos/addresses.hh"
#include "clickos/packet.hh"

namespace clickos {

class ArpCache {
  public:
    struct Limits {
        uint32_t packets = 2048;               // packets held in all; 0: no limit
        uint32_t entries = 0;                  // 0: no limit
        uint32_t entry_packets = 0;            // packets held per entry; 0: no limit
        int64_t timeout_ns = 300'000'000'000;  // entry lifetime; 0: forever
    };
    struct Entry {
        uint32_t ip = 0;  // network byte order
        EtherAddress eth;
        bool known = false;   // eth came from a reply or an insert
        int64_t updated = 0;  // last reply or insert (creation, for an entry still asked for)
        int64_t queried = 0;  // last query or poll sent for it
        bool ever_queried = false;
        Packet* head = nullptr;  // waiting packets, linked through next()
        Packet* tail = nullptr;
        uint32_t npackets = 0;
        std::list<uint32_t>::iterator age;
    };

    ArpCache() = default;
    ~ArpCache() { clear(false); }
    ArpCache(const ArpCache&) = delete;
    ArpCache& operator=(const ArpCache&) = delete;

    void set_limits(const Limits& l) { limits_ = l; }
    const Limits& limits() const { return limits_; }

    Entry* find(uint32_t ip) {
        auto it = table_.find(ip);
        return it == table_.end() ? nullptr : &it->second;
    }
    bool expired(const Entry& e, int64_t now) const {
        return limits_.timeout_ns > 0 && now - e.updated >= limits_.timeout_ns;
    }
    // Whether e has a usable Ethernet address at `now`.
    bool usable(const Entry& e, int64_t now) const { return e.known && !expired(e, now); }

    // The entry for ip to wait on: an existing one (restarted if it had expired) or a new
    // one; the oldest entries go beyond the entry limit.
    Entry* ensure(uint32_t ip, int64_t now);
    // Holds p on e until its address is known; the oldest packets go beyond the limits.
    void enqueue(Entry* e, Packet* p);
    // Records ip -> eth at `now`; returns the packets that were waiting for it, in order
    // (linked through next()), or null.
    Packet* learn(uint32_t ip, const EtherAddress& eth, int64_t now);
    // Removes ip's entry, dropping its waiting packets; false if there was none.
    bool erase(uint32_t ip);
    // Removes every entry; waiting packets count as drops if `count_drops`.
    void clear(bool count_drops = true);
    // Removes the entries expired at `now` (dropping their packets); returns when the
    // next one expires, or 0 if none will.
    int64_t expire(int64_t now);
    // When the oldest entry expires (0 if never).
    int64_t next_expiry() const;
    // Moves every entry of `old` here (hot-swap), then applies this cache's limits.
    void take(ArpCache& old, int64_t now);

    size_t size() const { return table_.size(); }
    uint32_t packets() const { return npackets_; }
    uint64_t drops() const { return drops_; }
    // "IP VALID ETH AGE" lines, by address.
    std::string table(int64_t now) const;

  private:
    void remove(std::unordered_map<uint32_t, Entry>::iterator it, bool count_drops);
    void drop_head(Entry& e);
    void trim_entries(const Entry* keep);
    void trim_packets();

    Limits limits_;
    std::unordered_map<uint32_t, Entry> table_;
    std::list<uint32_t> age_;  // addresses, least recently updated first
    uint32_t npackets_ = 0;
    uint64_t drops_ = 0;
};

}  // namespace clickos
