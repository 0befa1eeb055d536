#include "tcprewriter.hh"

#include <cstring>

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "rewriter_path.hh"

namespace clickos {

int TCPRewriter::configure(Args& args) {
    Seconds data{Timestamp::from_sec(86400)}, nodata{Timestamp::from_sec(300)}, done{Timestamp::from_sec(240)},
        guarantee{Timestamp::from_sec(5)};
    args.read("TCP_TIMEOUT", data)
        .read("TIMEOUT", data)
        .read("TCP_NODATA_TIMEOUT", nodata)
        .read("TCP_DONE_TIMEOUT", done)
        .read("TCP_GUARANTEE", guarantee)
        .read("GUARANTEE", guarantee);
    if (configure_rewriter(args) < 0) return -1;
    timeouts_.tcp_data = data.value.ns;
    timeouts_.tcp_nodata = nodata.value.ns;
    timeouts_.tcp_done = done.value.ns;
    timeouts_.tcp_guarantee = guarantee.value.ns;
    return 0;
}

void TCPRewriter::add_handlers() {
    add_rewriter_handlers({{"table", 0, 0}, {"mappings", 0, HANDLER_DEPRECATED}});
}

void* TCPRewriter::cast(const char* name) {
    if (std::strcmp(name, "TCPRewriter") == 0) return this;
    return RewriterBase::cast(name);
}

void TCPRewriter::push(int port, Packet* p) {
    int out = process(port, p, now(), [this](nat::Flow& f, int dir, uint8_t*, uint8_t* tcp) {
        if (__builtin_expect(!shifts_.empty(), 0)) apply_shifts(f, dir, tcp);
    });
    if (out >= 0) checked_output_push(out, p);
}

void TCPRewriter::push_batch(int port, PacketBatch& batch) {
    dispatch(port, batch, [this](int in, Packet*& p, int64_t t) {
        return process(in, p, t, [this](nat::Flow& f, int dir, uint8_t*, uint8_t* tcp) {
            if (__builtin_expect(!shifts_.empty(), 0)) apply_shifts(f, dir, tcp);
        });
    });
}

namespace {

// Rewrites a 32-bit TCP field (host-order value) and updates the checksum at tcp + 16.
void set_tcp_word(uint8_t* tcp, size_t offset, uint32_t value) {
    uint32_t old_be, new_be = htonl(value);
    std::memcpy(&old_be, tcp + offset, 4);
    std::memcpy(tcp + offset, &new_be, 4);
    uint16_t sum;
    std::memcpy(&sum, tcp + 16, 2);
    sum = nat::csum_apply(sum, uint16_t(nat::csum_delta32(0, old_be, new_be)));
    std::memcpy(tcp + 16, &sum, 2);
}

uint32_t tcp_word(const uint8_t* tcp, size_t offset) {
    uint32_t v;
    std::memcpy(&v, tcp + offset, 4);
    return ntohl(v);
}

}  // namespace

void TCPRewriter::apply_shifts(nat::Flow& f, int dir, uint8_t* tcp) {
    for (int d = 0; d < 2; ++d) {
        auto it = shifts_.find(uint64_t(f.index) * 2 + uint64_t(d));
        if (it == shifts_.end()) continue;
        const Shift& s = it->second;
        if (!(s.orig == f.orig)) {  // the record now holds another connection
            shifts_.erase(it);
            continue;
        }
        if (d == dir) {
            uint32_t seq = tcp_word(tcp, 4);
            int32_t by = int32_t(seq - s.trigger) > 0 ? s.after : s.before;
            if (by) set_tcp_word(tcp, 4, seq + uint32_t(by));
        } else if (tcp[13] & TH_ACK) {
            // The receiver acknowledges shifted numbers: the changed segment began at trigger + before.
            uint32_t ack = tcp_word(tcp, 8);
            int32_t by = int32_t(ack - (s.trigger + uint32_t(s.before))) > 0 ? s.after : s.before;
            if (by) set_tcp_word(tcp, 8, ack - uint32_t(by));
        }
    }
}

bool TCPRewriter::shift_sequence(const nat::FlowKey& key, uint32_t trigger, int32_t delta) {
    nat::FlowTable::Hit hit = table_.lookup(IP_PROTO_TCP, key);
    if (!hit.flow) return false;
    uint64_t slot = uint64_t(hit.flow->index) * 2 + uint64_t(hit.dir);
    auto it = shifts_.find(slot);
    if (it == shifts_.end() || !(it->second.orig == hit.flow->orig)) {
        shifts_[slot] = Shift{hit.flow->orig, trigger, 0, delta};
        return true;
    }
    Shift& s = it->second;
    // A segment at or before the last change is a retransmission: its change is counted already.
    if (int32_t(trigger - s.trigger) <= 0) return true;
    s.before = s.after;
    s.trigger = trigger;
    s.after += delta;
    return true;
}

void TCPRewriter::forget_stale_shifts() {
    for (auto it = shifts_.begin(); it != shifts_.end();) {
        nat::FlowTable::Hit hit = table_.lookup(IP_PROTO_TCP, it->second.orig);
        if (hit.flow && hit.dir == 0 && uint64_t(hit.flow->index) == it->first / 2)
            ++it;
        else
            it = shifts_.erase(it);
    }
}

void TCPRewriter::run_timer(Timer* timer) {
    RewriterBase::run_timer(timer);
    forget_stale_shifts();
}

void TCPRewriter::take_state(Element* old, ErrorHandler* errh) {
    RewriterBase::take_state(old, errh);
    // Records keep their indices when the table is adopted.
    shifts_ = static_cast<TCPRewriter*>(old)->shifts_;
    forget_stale_shifts();
}

CLICKOS_ELEMENT(TCPRewriter);

}  // namespace clickos
