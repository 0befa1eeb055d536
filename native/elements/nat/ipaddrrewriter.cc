#include "ipaddrrewriter.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "ip_view.hh"

namespace clickos {

using nat::FlowKey;

int IPAddrRewriter::configure(Args& args) {
    return configure_idle_rewriter(args);
}

void IPAddrRewriter::add_handlers() {
    add_rewriter_handlers({{"table", 0, 0}, {"mappings", 0, HANDLER_DEPRECATED}});
}

bool IPAddrRewriter::spec_fits(const nat::InputSpec& spec, std::string& why) const {
    if (spec.kind == nat::InputSpec::Kind::pattern && spec.pattern->sets_daddr()) {
        why = "IPAddrRewriter rewrites source addresses only: the pattern's DADDR must be '-' (see IPAddrPairRewriter)";
        return false;
    }
    return true;
}

// Forward keys have only a source address (SA), reply keys only a destination (SA').
std::string IPAddrRewriter::flow_text(const FlowKey& k) const {
    return k.saddr ? "(" + IPAddress{k.saddr}.str() + ", -)" : "(-, " + IPAddress{k.daddr}.str() + ")";
}

int IPAddrRewriter::process(int port, Packet*& p, int64_t now) {
    nat::IPView v;
    if (!read_ip(p, v)) return unrewritable(port, p);
    const uint8_t* ip = p->data() + v.offset;
    FlowKey forward{}, reply{};
    std::memcpy(&forward.saddr, ip + 12, 4);
    std::memcpy(&reply.daddr, ip + 16, 4);
    nat::FlowTable::Hit hit = table_.lookup(any_protocol, forward);
    if (hit.flow && hit.dir != 0) hit = {};
    if (!hit.flow) {
        hit = table_.lookup(any_protocol, reply);
        if (hit.flow && hit.dir != 1) hit = {};
    }
    if (!hit.flow) {
        int out = miss(port, p, any_protocol, forward, now, hit.flow);
        if (!hit.flow) return out;
    }
    nat::Flow& f = *hit.flow;
    if (p->shared() && !(p = p->uniqueify())) return -1;
    uint8_t* wip = p->mutable_data() + v.offset;
    uint32_t src, dst;
    std::memcpy(&src, wip + 12, 4);
    std::memcpy(&dst, wip + 16, 4);
    if (hit.dir == 0)
        src = f.mapped.saddr;
    else
        dst = f.orig.saddr;
    nat::set_addresses(wip, v, src, dst);
    if (dst_anno_) p->set_dst_ip_anno(dst);
    f.last_used = now;
    return f.output[hit.dir];
}

void IPAddrRewriter::push(int port, Packet* p) {
    int out = process(port, p, now());
    if (out >= 0) checked_output_push(out, p);
}

void IPAddrRewriter::push_batch(int port, PacketBatch& batch) {
    dispatch(port, batch, [this](int in, Packet*& p, int64_t t) { return process(in, p, t); });
}

bool IPAddrRewriter::unrewrite(uint8_t, uint8_t, const FlowKey& quoted, FlowKey& original) const {
    original = quoted;
    // Sent forward: its source is a mapped address, the key of a reply entry.
    if (nat::FlowTable::Hit hit = table_.lookup(any_protocol, FlowKey{0, quoted.saddr, 0, 0});
        hit.flow && hit.dir == 1) {
        original.saddr = hit.flow->orig.saddr;
        return true;
    }
    // Sent as a reply: its destination is an inside address, the key of a forward entry.
    if (nat::FlowTable::Hit hit = table_.lookup(any_protocol, FlowKey{quoted.daddr, 0, 0, 0});
        hit.flow && hit.dir == 0) {
        original.daddr = hit.flow->mapped.saddr;
        return true;
    }
    return false;
}

CLICKOS_ELEMENT(IPAddrRewriter);

}  // namespace clickos
