// Rewriting patterns: how a new flow's identifier is rewritten. Port patterns ('SADDR SPORT
// DADDR DPORT', for IPRewriter and friends) may choose a free source port from a range;
// address patterns ('SADDR DADDR', for IPAddrRewriter and IPAddrPairRewriter) may choose a free
// source address from a range or prefix.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "clickos/ip.hh"
#include "rewriter_flow.hh"

namespace clickos::nat {

class RewritePattern {
  public:
    enum class Kind : uint8_t { ports, addresses };

    // Parses the four words SADDR SPORT DADDR DPORT. Each may be '-' (keep the packet's
    // field); SPORT may also be a range 'L-H', with '#' appended for sequential allocation
    // or '?' for random allocation that does not prefer the packet's own source port.
    // On failure returns false with `why` set ("bad source port '70000'").
    static bool parse(const std::vector<std::string>& words, RewritePattern& out, std::string& why);
    // Parses the two words SADDR DADDR of an address pattern. SADDR may be '-', an address,
    // a range 'L-H' or a prefix 'ADDR/LEN' (its addresses but the network and broadcast
    // ones when LEN < 31), with '#' appended for sequential allocation; DADDR '-' or an
    // address.
    static bool parse_addresses(const std::vector<std::string>& words, RewritePattern& out, std::string& why);

    Kind kind() const { return kind_; }
    bool sets_dport() const { return set_dport_; }
    bool sets_daddr() const { return set_daddr_; }

    // The pattern as Click prints it: "1.0.0.1 1024-65535 - -", "1.0.0.1-1.0.0.9# -".
    std::string unparse() const;

    // The rewritten identifier for a new flow `key`. With a port range, the source port is
    // one whose reply identifier is not `taken` (taken(reply_key) -> bool); false if every
    // port of the range is taken. `random()` supplies random numbers.
    template <typename Taken, typename Random>
    bool rewrite(const FlowKey& key, FlowKey& out, Taken&& taken, Random&& random);

  private:
    template <typename Taken, typename Random>
    bool choose_address(FlowKey& out, Taken&& taken, Random&& random);

    Kind kind_ = Kind::ports;
    bool set_saddr_ = false, set_sport_ = false, set_daddr_ = false, set_dport_ = false;
    uint32_t saddr_ = 0, daddr_ = 0;  // network byte order
    uint16_t sport_ = 0;              // host order; the low end of the range
    uint32_t saddr_low_ = 0;          // address patterns: the range's low end, host order
    uint16_t dport_ = 0;              // host order
    uint32_t variation_ = 0;          // range width minus one (0: a single port or address)
    bool range_ = false;              // SPORT (SADDR) was written as a range
    bool sequential_ = false;
    bool same_first_ = true;  // try the packet's own source port first
    uint32_t next_ = 0;       // sequential allocation: the next offset to try
};

template <typename Taken, typename Random>
bool RewritePattern::rewrite(const FlowKey& key, FlowKey& out, Taken&& taken, Random&& random) {
    out = key;
    if (set_saddr_) out.saddr = saddr_;
    if (set_daddr_) out.daddr = daddr_;
    if (set_dport_) out.dport = htons(dport_);
    if (set_sport_) out.sport = htons(sport_);
    if (variation_ == 0) return true;
    if (kind_ == Kind::addresses) return choose_address(out, taken, random);

    // A port is free if no mapping owns the reply identifier it would create.
    FlowKey reply = out.reversed();
    auto is_free = [&](uint32_t offset) {
        reply.dport = htons(uint16_t(sport_ + offset));
        return !taken(reply);
    };
    auto choose = [&](uint32_t offset) {
        out.sport = htons(uint16_t(sport_ + offset));
        next_ = offset + 1;
        return true;
    };
    uint32_t own = uint32_t(ntohs(key.sport)) - sport_;
    if (same_first_ && own <= variation_ && is_free(own)) return choose(own);
    uint32_t offset = sequential_ ? (next_ > variation_ ? 0 : next_) : uint32_t(random() % (uint64_t(variation_) + 1));
    for (uint32_t tries = 0; tries <= variation_; ++tries) {
        if (is_free(offset)) return choose(offset);
        offset = offset == variation_ ? 0 : offset + 1;
    }
    return false;
}

// A free source address of the range: one no mapping's reply identifier uses yet.
template <typename Taken, typename Random>
bool RewritePattern::choose_address(FlowKey& out, Taken&& taken, Random&& random) {
    FlowKey reply = out.reversed();
    uint64_t span = uint64_t(variation_) + 1;
    uint32_t offset = sequential_ ? (next_ > variation_ ? 0 : next_) : uint32_t(random() % span);
    for (uint64_t tries = 0; tries < span; ++tries) {
        reply.daddr = htonl(saddr_low_ + offset);
        if (!taken(reply)) {
            out.saddr = reply.daddr;
            next_ = offset + 1;
            return true;
        }
        offset = offset == variation_ ? 0 : offset + 1;
    }
    return false;
}

}  // namespace clickos::nat
