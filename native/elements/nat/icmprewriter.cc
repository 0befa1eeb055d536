#include "icmprewriter.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/router.hh"
#include "ip_view.hh"
#include "lang/config_args.hh"

namespace clickos {

using nat::FlowKey;

namespace {

bool is_error(uint8_t type) {
    return type == ICMP_UNREACH || type == ICMP_SOURCEQUENCH || type == ICMP_REDIRECT || type == ICMP_TIMXCEED ||
           type == ICMP_PARAMPROB;
}

bool is_echo(uint8_t type) {
    return type == ICMP_ECHO || type == ICMP_ECHOREPLY;
}

void set16(uint8_t* field, uint16_t value, uint32_t& delta) {
    uint16_t old;
    std::memcpy(&old, field, 2);
    std::memcpy(field, &value, 2);
    delta = nat::csum_delta16(delta, old, value);
}

// Applies a change unless it is none (0 or "minus zero").
void adjust(uint8_t* field, uint32_t delta) {
    if (delta != 0 && delta != 0xffff) nat::adjust_sum(field, delta);
}

}  // namespace

int ICMPRewriter::configure(Args& args) {
    std::string maps;
    if (args.read_mp("MAPS", maps).read("DST_ANNO", dst_anno_).complete() < 0) return -1;
    const Args::Arg* at = nullptr;
    for (const auto& a : args.args())
        if (a.keyword.empty() || a.keyword == "MAPS") at = at ? at : &a;
    std::vector<std::string> names = lang::split_words(maps);
    if (names.empty()) return args.error_at(*at, "MAPS: expected the names of rewriters");
    int errors = 0;
    for (const auto& name : names) {
        Element* e = router()->find(name, this);
        auto* rw = e ? static_cast<nat::RewriterBase*>(e->cast("IPRewriterBase")) : nullptr;
        if (!e)
            errors += args.error_at(*at, "MAPS: no element named '" + name + "'");
        else if (!rw)
            errors += args.error_at(*at, "MAPS: '" + name + "' is not a rewriter (" + e->class_name() + ")");
        else
            maps_.push_back(rw);
    }
    return errors < 0 ? -1 : 0;
}

// Returns 1 if rewritten, 0 if the packet is left as it was, -1 if it is gone.
int ICMPRewriter::rewrite(Packet*& p) {
    nat::IPView v;
    if (!read_ip(p, v) || v.proto != IP_PROTO_ICMP || !v.first_fragment || v.length < v.hl + 8) return 0;
    const uint8_t* ip = p->data() + v.offset;
    const uint8_t* icmp = ip + v.hl;
    if (!is_error(icmp[0])) return 0;
    const uint8_t* q = icmp + 8;
    const size_t qavail = v.length - v.hl - 8;
    if (qavail < 20) return 0;
    const unsigned qhl = unsigned(q[0] & 15) << 2;
    if ((q[0] >> 4) != 4 || qhl < 20 || qavail < qhl + 8) return 0;
    const uint8_t qproto = q[9];
    uint16_t qfrag;
    std::memcpy(&qfrag, q + 6, 2);
    const bool qfirst = (qfrag & htons(IP_OFFMASK)) == 0;
    const uint8_t* ql4 = q + qhl;

    FlowKey quoted{};
    std::memcpy(&quoted.saddr, q + 12, 4);
    std::memcpy(&quoted.daddr, q + 16, 4);
    uint8_t qtype = 0;
    const bool ports = qfirst && (qproto == IP_PROTO_TCP || qproto == IP_PROTO_UDP);
    const bool echo = qfirst && qproto == IP_PROTO_ICMP && is_echo(ql4[0]);
    if (ports) {
        std::memcpy(&quoted.sport, ql4, 2);
        std::memcpy(&quoted.dport, ql4 + 2, 2);
    } else if (echo) {
        qtype = ql4[0];
        std::memcpy(&quoted.sport, ql4 + 4, 2);
    }
    FlowKey original;
    bool found = false;
    for (nat::RewriterBase* rw : maps_)
        if ((found = rw->unrewrite(qproto, qtype, quoted, original))) break;
    if (!found) return 0;

    const size_t qoffset = size_t(q - p->data());
    if (p->shared() && !(p = p->uniqueify())) return -1;
    uint8_t* wip = p->mutable_data() + v.offset;
    uint8_t* wicmp = wip + v.hl;
    uint8_t* wq = p->mutable_data() + qoffset;
    uint8_t* wl4 = wq + qhl;
    const uint32_t before = checksum_partial(wq, qavail);

    uint32_t addr_delta =
        nat::csum_delta32(nat::csum_delta32(0, quoted.saddr, original.saddr), quoted.daddr, original.daddr);
    std::memcpy(wq + 12, &original.saddr, 4);
    std::memcpy(wq + 16, &original.daddr, 4);
    adjust(wq + 10, addr_delta);
    if (ports) {
        uint32_t l4_delta = addr_delta;
        set16(wl4, original.sport, l4_delta);
        set16(wl4 + 2, original.dport, l4_delta);
        if (qproto == IP_PROTO_UDP) {
            uint16_t sum;
            std::memcpy(&sum, wl4 + 6, 2);
            if (sum != 0) {
                adjust(wl4 + 6, l4_delta);
                std::memcpy(&sum, wl4 + 6, 2);
                if (sum == 0) std::memcpy(wl4 + 6, "\xff\xff", 2);
            }
        } else if (qavail >= qhl + 18) {
            adjust(wl4 + 16, l4_delta);
        }
    } else if (echo) {
        uint32_t id_delta = 0;
        set16(wl4 + 4, original.sport, id_delta);
        adjust(wl4 + 2, id_delta);
    }
    const uint32_t after = checksum_partial(wq, qavail);
    adjust(wicmp + 2, nat::csum_fold(after + uint16_t(~before)));

    uint32_t src, dst;
    std::memcpy(&src, wip + 12, 4);
    std::memcpy(&dst, wip + 16, 4);
    if (dst == quoted.saddr) dst = original.saddr;
    if (src == quoted.daddr) src = original.daddr;
    nat::set_addresses(wip, v, src, dst);
    if (dst_anno_) p->set_dst_ip_anno(dst);
    return 1;
}

void ICMPRewriter::push(int, Packet* p) {
    int r = rewrite(p);
    if (r > 0)
        output(0).push(p);
    else if (r == 0)
        checked_output_push(1, p);
}

CLICKOS_ELEMENT(ICMPRewriter);

}  // namespace clickos
