#include "aggregateipflows.hh"

#include <cstring>

#include "argument.hh"
#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/ip.hh"

namespace clickos {

using analysis::mix64;

size_t AggregateIPFlows::FlowHash::operator()(const FlowId& k) const {
    return size_t(mix64((uint64_t(k.addr[0]) << 32 | k.addr[1]) ^
                        mix64(uint64_t(k.port[0]) << 24 | uint64_t(k.port[1]) << 8 | k.proto)));
}

size_t AggregateIPFlows::FragmentHash::operator()(const FragmentId& k) const {
    return size_t(mix64((uint64_t(k.src) << 32 | k.dst) ^ mix64(uint64_t(k.id) << 8 | k.proto)));
}

int AggregateIPFlows::configure(Args& args) {
    Seconds tcp{Timestamp{tcp_timeout_}}, done{Timestamp{tcp_done_timeout_}}, udp{Timestamp{udp_timeout_}},
        fragment{Timestamp{fragment_timeout_}}, reap{Timestamp{reap_interval_}};
    std::string traceinfo, source;
    if (args.read("TCP_TIMEOUT", tcp)
            .read("TCP_DONE_TIMEOUT", done)
            .read("UDP_TIMEOUT", udp)
            .read("FRAGMENT_TIMEOUT", fragment)
            .read("REAP", reap)
            .read("ICMP", icmp_)
            .read("FRAGMENTS", fragments_on_)
            .read("TRACEINFO", traceinfo)
            .read("SOURCE", source)
            .complete() < 0)
        return -1;
    if (args.given("TRACEINFO"))
        return analysis::error_at(args, "TRACEINFO", -1, "TRACEINFO: flow information files are not provided yet");
    if (args.given("SOURCE"))
        return analysis::error_at(args, "SOURCE", -1, "SOURCE: only used with TRACEINFO, which is not provided yet");
    tcp_timeout_ = tcp.value.ns;
    tcp_done_timeout_ = done.value.ns;
    udp_timeout_ = udp.value.ns;
    fragment_timeout_ = fragment.value.ns;
    reap_interval_ = reap.value.ns;
    return 0;
}

int64_t AggregateIPFlows::timeout(const FlowInfo& f, uint8_t proto) const {
    if (proto == IP_PROTO_UDP) return udp_timeout_;
    return f.done == 3 ? tcp_done_timeout_ : tcp_timeout_;
}

void AggregateIPFlows::reap(int64_t now) {
    flows_.retain([&](const FlowId& k, const FlowInfo& f) { return now - f.last <= timeout(f, k.proto); });
    fragments_.retain([&](const FragmentId&, const FragmentInfo& f) { return now - f.first <= fragment_timeout_; });
    next_reap_ = now + reap_interval_;
}

bool AggregateIPFlows::mark(Packet* p) {
    const uint8_t* data = p->data();
    const uint8_t* ip = p->network_header();
    if (!ip || ip < data || ip + 20 > data + p->length()) return false;
    const size_t avail = size_t(data + p->length() - ip);
    const unsigned hl = unsigned(ip[0] & 15) << 2;
    if ((ip[0] >> 4) != 4 || hl < 20 || hl > avail) return false;
    uint16_t len_be, frag_be;
    std::memcpy(&len_be, ip + 2, 2);
    std::memcpy(&frag_be, ip + 6, 2);
    const size_t total = ntohs(len_be);
    const size_t length = total >= hl && total <= avail ? total : avail;
    const uint16_t frag = ntohs(frag_be);
    const uint8_t proto = ip[9];
    const int64_t now = p->timestamp_anno().ns;
    if (__builtin_expect(now >= next_reap_, 0)) {
        if (next_reap_ == INT64_MIN)
            next_reap_ = now + reap_interval_;
        else
            reap(now);
    }

    FragmentId fid{};
    std::memcpy(&fid.src, ip + 12, 4);
    std::memcpy(&fid.dst, ip + 16, 4);
    std::memcpy(&fid.id, ip + 4, 2);
    fid.proto = proto;
    if (frag & IP_OFFMASK) {
        if (!fragments_on_) return false;
        FragmentInfo* fi = fragments_.find(fid);
        if (!fi || now - fi->first > fragment_timeout_) return false;
        std::memcpy(p->anno() + anno::aggregate, &fi->aggregate, 4);
        p->set_paint_anno(fi->paint);
        return true;
    }

    const uint8_t* l4 = ip + hl;
    if (proto == IP_PROTO_ICMP) return icmp_ && length >= hl + 8 && mark_icmp_error(p, l4, length - hl);
    if (!((proto == IP_PROTO_TCP && length >= hl + sizeof(click_tcp)) ||
          (proto == IP_PROTO_UDP && length >= hl + sizeof(click_udp))))
        return false;

    uint16_t sport, dport;
    std::memcpy(&sport, l4, 2);
    std::memcpy(&dport, l4 + 2, 2);
    // The endpoint the packet comes from: 0 if its (address, port) is the lower one.
    const uint64_t src_end = uint64_t(ntohl(fid.src)) << 16 | ntohs(sport);
    const uint64_t dst_end = uint64_t(ntohl(fid.dst)) << 16 | ntohs(dport);
    const uint8_t from = src_end > dst_end ? 1 : 0;
    FlowId id{};
    id.addr[from] = fid.src, id.port[from] = sport;
    id.addr[1 - from] = fid.dst, id.port[1 - from] = dport;
    id.proto = proto;

    bool inserted;
    FlowInfo& f = flows_.get(id, inserted);
    if (inserted || now - f.last > timeout(f, proto)) f = FlowInfo{next_++, from, 0, now};
    f.last = now;
    if (proto == IP_PROTO_TCP) {
        const uint8_t flags = l4[13];
        if (flags & TH_RST)
            f.done = 3;
        else if (flags & TH_FIN)
            f.done |= uint8_t(1u << from);
    }
    const uint8_t paint = from == f.forward ? 0 : 1;
    std::memcpy(p->anno() + anno::aggregate, &f.aggregate, 4);
    p->set_paint_anno(paint);
    if (fragments_on_ && (frag & IP_MF)) {
        bool fresh;
        fragments_.get(fid, fresh) = FragmentInfo{f.aggregate, paint, now};
    }
    return true;
}

bool AggregateIPFlows::mark_icmp_error(Packet* p, const uint8_t* icmp, size_t length) {
    const uint8_t type = icmp[0];
    if (type != ICMP_UNREACH && type != ICMP_SOURCEQUENCH && type != ICMP_REDIRECT && type != ICMP_TIMXCEED &&
        type != ICMP_PARAMPROB)
        return false;
    const uint8_t* q = icmp + 8;
    const size_t qavail = length - 8;
    if (qavail < 20) return false;
    const unsigned qhl = unsigned(q[0] & 15) << 2;
    uint16_t qfrag;
    std::memcpy(&qfrag, q + 6, 2);
    if ((q[0] >> 4) != 4 || qhl < 20 || qavail < qhl + 4 || (ntohs(qfrag) & IP_OFFMASK)) return false;
    const uint8_t proto = q[9];
    if (proto != IP_PROTO_TCP && proto != IP_PROTO_UDP) return false;
    uint32_t src, dst;
    uint16_t sport, dport;
    std::memcpy(&src, q + 12, 4);
    std::memcpy(&dst, q + 16, 4);
    std::memcpy(&sport, q + qhl, 2);
    std::memcpy(&dport, q + qhl + 2, 2);
    const uint64_t src_end = uint64_t(ntohl(src)) << 16 | ntohs(sport);
    const uint64_t dst_end = uint64_t(ntohl(dst)) << 16 | ntohs(dport);
    const uint8_t from = src_end > dst_end ? 1 : 0;
    FlowId id{};
    id.addr[from] = src, id.port[from] = sport;
    id.addr[1 - from] = dst, id.port[1 - from] = dport;
    id.proto = proto;
    const FlowInfo* f = flows_.find(id);
    const int64_t now = p->timestamp_anno().ns;
    if (!f || now - f->last > timeout(*f, proto)) return false;
    std::memcpy(p->anno() + anno::aggregate, &f->aggregate, 4);
    p->set_paint_anno(uint8_t(2 + (from == f->forward ? 0 : 1)));
    return true;
}

void AggregateIPFlows::add_handlers() {
    add_write_handler(
        "clear",
        [this](const std::string&, Element*, ErrorHandler*) {
            flows_.clear();
            fragments_.clear();
            return 0;
        },
        HANDLER_BUTTON);
    add_read_handler("count", [this](Element*) { return std::to_string(next_ - 1) + "\n"; });
    add_read_handler("flows", [this](Element*) { return std::to_string(flows_.size()) + "\n"; });
}

CLICKOS_ELEMENT(AggregateIPFlows);

}  // namespace clickos
