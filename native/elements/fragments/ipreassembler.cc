#include "ipreassembler.hh"

#include <algorithm>

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/platform.hh"
#include "ipencap/ip_header.hh"

namespace clickos {

namespace {

// Where a held fragment's data sits in its datagram. Held fragments were validated on
// arrival and trimmed to their IP length, so their header is readable.
struct Span {
    uint32_t off, len;
    const uint8_t* data;
    uint32_t hlen, ip_offset;
};

Span span_of(const Packet* p) {
    IPHeaderRef r;
    locate_ip_header(p, r);
    uint32_t off = uint32_t(ntohs(r.h.off) & IP_OFFMASK) * 8;
    return {off, ntohs(r.h.len) - r.hlen, r.bytes(p) + r.hlen, r.hlen, r.offset};
}

}  // namespace

int IPReassembler::configure(Args& args) {
    uint32_t max_memory = 0;
    Seconds timeout{Timestamp{timeout_ns_}};
    if (args.read_p("HIMEM", himem_).read("MAX_MEMORY", max_memory).read("TIMEOUT", timeout).complete() < 0) return -1;
    if (args.given("MAX_MEMORY")) {
        if (args.given("HIMEM")) return args.error("give HIMEM or MAX_MEMORY, not both");
        himem_ = max_memory;
    }
    if (himem_ < 4096) return args.error("HIMEM must be at least 4096 bytes");
    if (timeout.value.ns <= 0) return args.error("TIMEOUT must be positive");
    timeout_ns_ = timeout.value.ns;
    return 0;
}

int IPReassembler::initialize(ErrorHandler*) {
    timer_.initialize(this);
    return 0;
}

void IPReassembler::cleanup(CleanupStage) {
    while (ndatagrams_) release(table_[0]);
}

IPReassembler::Datagram* IPReassembler::find_or_add(uint32_t src, uint32_t dst, uint16_t id, uint8_t proto,
                                                    int64_t now) {
    for (size_t i = 0; i < ndatagrams_; ++i) {
        Datagram& d = table_[i];
        if (d.id == id && d.src == src && d.dst == dst && d.proto == proto) return &d;
    }
    if (ndatagrams_ == max_datagrams) evict_oldest();
    Datagram& d = table_[ndatagrams_++];
    d = Datagram{src, dst, id, proto, 0, now, nullptr, 0};
    if (!timer_.scheduled()) timer_.schedule_after(Timestamp{std::max<int64_t>(timeout_ns_ / 4, 1000000)});
    return &d;
}

void IPReassembler::release(Datagram& d) {
    for (Packet* p = d.frags; p;) {
        Packet* n = p->next();
        p->kill();
        p = n;
    }
    mem_used_ -= d.mem;
    d = table_[--ndatagrams_];  // swap-remove (a self-assignment for the last entry)
}

void IPReassembler::evict_oldest() {
    if (!ndatagrams_) return;
    size_t oldest = 0;
    for (size_t i = 1; i < ndatagrams_; ++i)
        if (table_[i].first_seen_ns < table_[oldest].first_seen_ns) oldest = i;
    ++drops_;
    release(table_[oldest]);
}

void IPReassembler::enforce_memory() {
    if (mem_used_ <= himem_) return;
    while (ndatagrams_ && mem_used_ > himem_ / 4 * 3) evict_oldest();
}

bool IPReassembler::insert(Datagram& d, Packet* p, uint32_t off, uint32_t len, bool more, bool& useless) {
    uint32_t end = off + len;
    if (!more) {
        if (d.end && d.end != end) return false;
        d.end = end;
    }
    if (d.end && end > d.end) return false;
    // Every overlap must carry the same bytes. The held list is sorted by offset, so one
    // pass finds where p goes and how far the held spans already cover [off, end).
    const uint8_t* data = p->network_header() + p->network_header_length();
    Packet* prev = nullptr;
    uint32_t covered = off;
    for (Packet* q = d.frags; q; q = q->next()) {
        Span s = span_of(q);
        uint32_t lo = std::max(off, s.off), hi = std::min(end, s.off + s.len);
        if (d.end && s.off + s.len > d.end) return false;
        if (lo < hi && std::memcmp(data + (lo - off), s.data + (lo - s.off), hi - lo) != 0) return false;
        if (s.off <= off) prev = q;
        if (s.off <= covered && s.off + s.len > covered) covered = std::min(end, s.off + s.len);
    }
    if (covered >= end) {
        useless = true;
        return true;
    }
    if (prev) {
        p->set_next(prev->next());
        prev->set_next(p);
    } else {
        p->set_next(d.frags);
        d.frags = p;
    }
    d.mem += cost(p);
    mem_used_ += cost(p);
    return true;
}

bool IPReassembler::complete(const Datagram& d) const {
    if (!d.end) return false;
    uint32_t at = 0;
    for (Packet* q = d.frags; q; q = q->next()) {
        Span s = span_of(q);
        if (s.off > at) return false;
        at = std::max(at, s.off + s.len);
    }
    return at >= d.end;
}

Packet* IPReassembler::assemble(const Datagram& d, uint32_t upto) {
    const Packet* first = d.frags;
    Span f = span_of(first);
    uint32_t prefix = f.ip_offset + f.hlen;
    if (prefix + upto > 0xffff + f.ip_offset) return nullptr;
    Packet* out = Packet::make(Packet::default_headroom, nullptr, prefix + upto, 0);
    if (!out) return nullptr;
    uint8_t* o = out->mutable_data();
    std::memcpy(o, first->data(), prefix);
    std::memset(o + prefix, 0, upto);
    for (Packet* q = d.frags; q; q = q->next()) {
        Span s = span_of(q);
        if (s.off >= upto) continue;
        std::memcpy(o + prefix + s.off, s.data, std::min(s.len, upto - s.off));
    }
    out->copy_annotations(first);
    uint8_t* h = o + f.ip_offset;
    store_be16(h + 2, uint16_t(f.hlen + upto));
    store_be16(h + 6, uint16_t(load_be16(h + 6) & (IP_DF | IP_RF)));
    store_be16(h + 10, 0);
    uint16_t sum = internet_checksum(h, f.hlen);
    std::memcpy(h + 10, &sum, 2);
    out->set_network_header(h, f.hlen);
    return out;
}

Packet* IPReassembler::action(Packet* p) {
    IPHeaderRef r;
    uint32_t len;
    if (!locate_ip_header(p, r) || !(len = ip_datagram_length(r))) {
        ++drops_;
        p->kill();
        return nullptr;
    }
    uint16_t offf = ntohs(r.h.off);
    bool more = offf & IP_MF;
    uint32_t off = uint32_t(offf & IP_OFFMASK) * 8;
    if (!more && off == 0) return p;

    uint32_t data_len = len - r.hlen;
    if (data_len == 0 || (more && data_len % 8) || off + data_len + r.hlen > 0xffff) {
        ++drops_;
        p->kill();
        return nullptr;
    }
    if (!(p = p->uniqueify())) return nullptr;  // held packets must not change under us
    p->take(r.avail - len);
    p->set_network_header(p->mutable_data() + r.offset, r.hlen);

    int64_t now = platform::monotonic_ns();
    Datagram* d = find_or_add(r.h.src, r.h.dst, r.h.id, r.h.p, now);
    bool useless = false;
    if (!insert(*d, p, off, data_len, more, useless)) {
        drops_ += 1;
        p->kill();
        release(*d);
        return nullptr;
    }
    if (useless) {
        p->kill();
        return nullptr;
    }
    if (complete(*d)) {
        Packet* whole = d->frags && span_of(d->frags).off == 0 ? assemble(*d, d->end) : nullptr;
        if (!whole) ++drops_;
        release(*d);
        return whole;
    }
    if (mem_used_ > himem_) enforce_memory();
    return nullptr;
}

void IPReassembler::run_timer(Timer*) {
    int64_t now = platform::monotonic_ns();
    for (size_t i = 0; i < ndatagrams_;) {
        Datagram& d = table_[i];
        if (now - d.first_seen_ns < timeout_ns_) {
            ++i;
            continue;
        }
        Packet* partial = nullptr;
        if (noutputs() > 1 && d.frags && span_of(d.frags).off == 0) {
            uint32_t upto = 0;
            for (Packet* q = d.frags; q; q = q->next()) {
                Span s = span_of(q);
                upto = std::max(upto, s.off + s.len);
            }
            partial = assemble(d, upto);
        }
        ++drops_;
        release(d);  // entry i now holds another datagram (or none)
        if (partial) output(1).push(partial);
    }
    if (ndatagrams_) timer_.schedule_after(Timestamp{std::max<int64_t>(timeout_ns_ / 4, 1000000)});
}

void IPReassembler::add_handlers() {
    add_read_handler("drops", [this](Element*) { return std::to_string(drops_) + "\n"; });
    add_read_handler("datagrams", [this](Element*) { return std::to_string(ndatagrams_) + "\n"; });
    add_read_handler("mem_used", [this](Element*) { return std::to_string(mem_used_) + "\n"; });
}

CLICKOS_ELEMENT(IPReassembler);

}  // namespace clickos
