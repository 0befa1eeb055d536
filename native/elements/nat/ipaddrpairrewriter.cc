#include "ipaddrpairrewriter.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "ip_view.hh"

namespace clickos {

using nat::FlowKey;

int IPAddrPairRewriter::configure(Args& args) {
    return configure_idle_rewriter(args);
}

void IPAddrPairRewriter::add_handlers() {
    add_rewriter_handlers({{"table", 0, 0}, {"mappings", 0, HANDLER_DEPRECATED}});
}

// Keys are (SA, DA) with zero ports.
std::string IPAddrPairRewriter::flow_text(const FlowKey& k) const {
    return "(" + IPAddress{k.saddr}.str() + ", " + IPAddress{k.daddr}.str() + ")";
}

int IPAddrPairRewriter::process(int port, Packet*& p, int64_t now) {
    nat::IPView v;
    if (!read_ip(p, v)) return unrewritable(port, p);
    const uint8_t* ip = p->data() + v.offset;
    FlowKey key{};
    std::memcpy(&key.saddr, ip + 12, 4);
    std::memcpy(&key.daddr, ip + 16, 4);
    nat::FlowTable::Hit hit = table_.lookup(any_protocol, key);
    if (!hit.flow) {
        int out = miss(port, p, any_protocol, key, now, hit.flow);
        if (!hit.flow) return out;
    }
    nat::Flow& f = *hit.flow;
    if (p->shared() && !(p = p->uniqueify())) return -1;
    const FlowKey to = f.target(hit.dir);
    nat::set_addresses(p->mutable_data() + v.offset, v, to.saddr, to.daddr);
    if (dst_anno_) p->set_dst_ip_anno(to.daddr);
    f.last_used = now;
    return f.output[hit.dir];
}

void IPAddrPairRewriter::push(int port, Packet* p) {
    int out = process(port, p, now());
    if (out >= 0) checked_output_push(out, p);
}

void IPAddrPairRewriter::push_batch(int port, PacketBatch& batch) {
    dispatch(port, batch, [this](int in, Packet*& p, int64_t t) { return process(in, p, t); });
}

bool IPAddrPairRewriter::unrewrite(uint8_t, uint8_t, const FlowKey& quoted, FlowKey& original) const {
    nat::FlowTable::Hit hit = table_.lookup(any_protocol, FlowKey{quoted.daddr, quoted.saddr, 0, 0});
    if (!hit.flow) return false;
    const FlowKey before = hit.flow->target(hit.dir).reversed();
    original = quoted;
    original.saddr = before.saddr;
    original.daddr = before.daddr;
    return true;
}

CLICKOS_ELEMENT(IPAddrPairRewriter);

}  // namespace clickos
