#include "icmppingrewriter.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "ip_view.hh"

namespace clickos {

using nat::FlowKey;

namespace {

// A request's key carries the identifier as its source port, a reply's as its destination
// port: the reply key of a mapping, mapped.reversed(), then has the reply form, and a request
// never finds a reply entry (but for identifier 0, which the direction checks sort out).
FlowKey ping_key(uint32_t src, uint32_t dst, uint16_t id, bool request) {
    return request ? FlowKey{src, dst, id, 0} : FlowKey{src, dst, 0, id};
}

}  // namespace

int ICMPPingRewriter::configure(Args& args) {
    return configure_idle_rewriter(args);
}

void ICMPPingRewriter::add_handlers() {
    add_rewriter_handlers({{"table", 0, 0}, {"mappings", 0, HANDLER_DEPRECATED}});
}

bool ICMPPingRewriter::spec_fits(const nat::InputSpec& spec, std::string& why) const {
    bool dport = spec.kind == nat::InputSpec::Kind::pattern && spec.pattern->sets_dport();
    if (spec.kind == nat::InputSpec::Kind::mapper)
        spec.mapper->for_each_pattern([&](const nat::RewritePattern& p) { dport = dport || p.sets_dport(); });
    if (dport) {
        why = "a ping has no destination port: the pattern's DPORT must be '-'";
        return false;
    }
    return true;
}

std::string ICMPPingRewriter::flow_text(const FlowKey& k) const {
    uint16_t id = k.sport ? k.sport : k.dport;
    return "(" + IPAddress{k.saddr}.str() + ", " + IPAddress{k.daddr}.str() + ", " + std::to_string(ntohs(id)) + ")";
}

int ICMPPingRewriter::process(int port, Packet*& p, int64_t now) {
    nat::IPView v;
    if (!read_ip(p, v) || v.proto != IP_PROTO_ICMP || !v.first_fragment || v.length < v.hl + sizeof(click_icmp))
        return unrewritable(port, p);
    const uint8_t* ip = p->data() + v.offset;
    const uint8_t* icmp = ip + v.hl;
    const bool request = icmp[0] == ICMP_ECHO;
    if (!request && icmp[0] != ICMP_ECHOREPLY) return unrewritable(port, p);
    uint32_t src, dst;
    uint16_t id;
    std::memcpy(&src, ip + 12, 4);
    std::memcpy(&dst, ip + 16, 4);
    std::memcpy(&id, icmp + 4, 2);
    const FlowKey key = ping_key(src, dst, id, request);
    nat::FlowTable::Hit hit = table_.lookup(IP_PROTO_ICMP, key);
    if (hit.flow && hit.dir != (request ? 0 : 1)) hit = {};
    if (!hit.flow) {
        if (!request) {  // replies never make mappings
            const nat::InputSpec& s = specs_[size_t(port)];
            if (s.kind == nat::InputSpec::Kind::pass) return s.foutput;
            p->kill();
            return -1;
        }
        int out = miss(port, p, IP_PROTO_ICMP, key, now, hit.flow);
        if (!hit.flow) return out;
    }
    nat::Flow& f = *hit.flow;
    if (p->shared() && !(p = p->uniqueify())) return -1;
    uint8_t* wip = p->mutable_data() + v.offset;
    uint8_t* wicmp = wip + v.hl;
    const FlowKey to = f.target(hit.dir);
    const uint16_t new_id = request ? to.sport : to.dport;
    nat::set_addresses(wip, v, to.saddr, to.daddr);
    if (new_id != id) {
        std::memcpy(wicmp + 4, &new_id, 2);
        nat::adjust_sum(wicmp + 2, nat::csum_delta16(0, id, new_id));
    }
    if (dst_anno_) p->set_dst_ip_anno(to.daddr);
    f.last_used = now;
    return f.output[hit.dir];
}

void ICMPPingRewriter::push(int port, Packet* p) {
    int out = process(port, p, now());
    if (out >= 0) checked_output_push(out, p);
}

void ICMPPingRewriter::push_batch(int port, PacketBatch& batch) {
    dispatch(port, batch, [this](int in, Packet*& p, int64_t t) { return process(in, p, t); });
}

// `quoted` carries the identifier as its source port whatever the echo's type; so does `original`.
bool ICMPPingRewriter::unrewrite(uint8_t proto, uint8_t icmp_type, const FlowKey& quoted, FlowKey& original) const {
    if (proto != IP_PROTO_ICMP || (icmp_type != ICMP_ECHO && icmp_type != ICMP_ECHOREPLY)) return false;
    const bool request = icmp_type == ICMP_ECHO;
    const FlowKey sent = ping_key(quoted.saddr, quoted.daddr, quoted.sport, request);
    nat::FlowTable::Hit hit = table_.lookup(IP_PROTO_ICMP, sent.reversed());
    if (!hit.flow || hit.dir != (request ? 1 : 0)) return false;
    const FlowKey before = hit.flow->target(hit.dir).reversed();
    original = FlowKey{before.saddr, before.daddr, request ? before.sport : before.dport, 0};
    return true;
}

CLICKOS_ELEMENT(ICMPPingRewriter);

}  // namespace clickos
