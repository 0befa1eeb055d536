// The TCP/UDP packet path of the rewriters, for the sources that instantiate it
// (rewriter_base.cc, tcprewriter.cc).
#pragma once
#include <cstring>

#include "clickos/ip.hh"
#include "rewriter_base.hh"

namespace clickos::nat {

// The hook of rewriters that do nothing more after the rewrite.
inline constexpr auto no_hook = [](Flow&, int, uint8_t*, uint8_t*) {};

// Reads the flow identifier of an IPv4 TCP/UDP packet this rewriter handles: a valid
// header, first fragment, and the whole TCP header or UDP header present.
inline bool RewriterBase::flow_key(const Packet* p, uint8_t& proto, unsigned& hl, FlowKey& key) const {
    const uint8_t* data = p->data();
    const uint8_t* ip = p->network_header();
    if (__builtin_expect(!ip || ip < data || ip + 28 > data + p->length(), 0)) return false;
    const size_t avail = size_t(data + p->length() - ip);
    hl = unsigned(ip[0] & 15) << 2;
    proto = ip[9];
    uint16_t frag;
    std::memcpy(&frag, ip + 6, 2);
    if (__builtin_expect((ip[0] >> 4) != 4 || hl < 20 || (frag & htons(IP_OFFMASK)) != 0, 0)) return false;
    if (proto == IP_PROTO_UDP) {
        if (__builtin_expect(!protocols_.udp || avail < hl + sizeof(click_udp), 0)) return false;
    } else if (proto == IP_PROTO_TCP) {
        if (!protocols_.tcp || avail < hl + sizeof(click_tcp)) return false;
    } else {
        return false;
    }
    std::memcpy(&key.saddr, ip + 12, 4);
    std::memcpy(&key.daddr, ip + 16, 4);
    std::memcpy(&key.sport, ip + hl, 2);
    std::memcpy(&key.dport, ip + hl + 2, 2);
    return true;
}

// The per-packet work: look up (or create) the mapping, rewrite in place with incremental
// checksum updates. Returns the output, or -1 if the packet was consumed.
template <typename After>
inline int RewriterBase::process(int port, Packet*& p, int64_t now, After&& after) {
    uint8_t proto;
    unsigned hl;
    FlowKey key;
    if (__builtin_expect(!flow_key(p, proto, hl, key), 0)) return unrewritable(port, p);
    FlowTable::Hit hit = table_.lookup(proto, key);
    if (__builtin_expect(!hit.flow, 0)) {
        int out = miss(port, p, proto, key, now, hit.flow);
        if (!hit.flow) return out;
    }
    Flow& f = *hit.flow;
    const int dir = hit.dir;

    const size_t offset = size_t(p->network_header() - p->data());
    if (__builtin_expect(p->shared(), 0) && !(p = p->uniqueify())) return -1;
    uint8_t* iph = p->mutable_data() + offset;
    uint8_t* l4 = iph + hl;
    const FlowKey to = f.target(dir);
    std::memcpy(iph + 12, &to.saddr, 4);
    std::memcpy(iph + 16, &to.daddr, 4);
    std::memcpy(l4, &to.sport, 2);
    std::memcpy(l4 + 2, &to.dport, 2);
    if (uint16_t d = delta_for(f.ip_delta, dir)) {
        uint16_t sum;
        std::memcpy(&sum, iph + 10, 2);
        sum = csum_apply(sum, d);
        std::memcpy(iph + 10, &sum, 2);
    }
    if (uint16_t d = delta_for(f.l4_delta, dir)) {
        uint8_t* field = l4 + (proto == IP_PROTO_TCP ? 16 : 6);
        uint16_t sum;
        std::memcpy(&sum, field, 2);
        if (proto == IP_PROTO_TCP) {
            sum = csum_apply(sum, d);
        } else if (sum != 0) {  // UDP: 0 means "no checksum" and stays so
            sum = csum_apply(sum, d);
            if (sum == 0) sum = 0xffff;
        }
        std::memcpy(field, &sum, 2);
    }
    if (dst_anno_) p->set_dst_ip_anno(to.daddr);

    f.last_used = now;
    const uint8_t old = f.state;
    uint8_t st = old;
    if (st & flow_state::tcp_tracked) {
        const uint8_t flags = l4[13];
        if (flags & TH_RST)
            st |= flow_state::both_done;
        else if (flags & TH_FIN)
            st |= dir ? flow_state::reply_done : flow_state::forward_done;
        uint16_t ip_len;
        std::memcpy(&ip_len, iph + 2, 2);
        if (ntohs(ip_len) > hl + (unsigned(l4[12] >> 4) << 2))
            st |= dir ? flow_state::reply_data : flow_state::forward_data;
    } else if ((st & flow_state::streaming) != flow_state::streaming) {
        if (dir) st |= flow_state::reply_seen;
        if ((st & flow_state::packet_count) < 3) ++st;
    }
    if (__builtin_expect(st != old, 0)) {
        f.state = st;
        table_.state_changed(&f, old);
    }
    after(f, dir, iph, l4);
    return f.output[dir];
}

}  // namespace clickos::nat
