#include "ipfragmenter.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/platform.hh"

namespace clickos {

namespace {

constexpr uint8_t IPOPT_EOL = 0, IPOPT_NOP = 1, IPOPT_COPIED = 0x80;

// The options of `ip` (header length `hlen`) that later fragments repeat, padded with EOL to
// a multiple of 4 bytes; returns their length. Copying stops at a malformed option.
uint32_t copied_options(const uint8_t* ip, uint32_t hlen, uint8_t* out) {
    uint32_t n = 0;
    for (uint32_t i = sizeof(click_ip); i < hlen;) {
        uint8_t type = ip[i];
        if (type == IPOPT_EOL) break;
        if (type == IPOPT_NOP) {
            ++i;
            continue;
        }
        if (i + 1 >= hlen) break;
        uint32_t len = ip[i + 1];
        if (len < 2 || i + len > hlen) break;
        if (type & IPOPT_COPIED) {
            std::memcpy(out + n, ip + i, len);
            n += len;
        }
        i += len;
    }
    while (n % 4) out[n++] = IPOPT_EOL;
    return n;
}

void finish_header(uint8_t* h, uint32_t hlen, uint32_t total, uint16_t off_field) {
    store_be16(h + 2, uint16_t(total));
    store_be16(h + 6, off_field);
    store_be16(h + 10, 0);
    uint16_t sum = internet_checksum(h, hlen);
    std::memcpy(h + 10, &sum, 2);
}

}  // namespace

int IPFragmenter::configure(Args& args) {
    if (args.read_mp("MTU", mtu_)
            .read_p("HONOR_DF", honor_df_)
            .read_p("VERBOSE", verbose_)
            .read("HEADROOM", headroom_)
            .complete() < 0)
        return -1;
    if (mtu_ < 8) return args.error("MTU must be at least 8");
    if (headroom_ > 1024) return args.error("HEADROOM too large (maximum 1024)");
    return 0;
}

int IPFragmenter::initialize(ErrorHandler*) {
    rng_ = uint64_t(platform::monotonic_ns()) ^ reinterpret_cast<uintptr_t>(this);
    if (rng_ == 0) rng_ = 1;
    return 0;
}

uint16_t IPFragmenter::random_id() {
    // xorshift64: identifications only need to differ between datagrams.
    rng_ ^= rng_ << 13;
    rng_ ^= rng_ >> 7;
    rng_ ^= rng_ << 17;
    return uint16_t(rng_ >> 16);
}

void IPFragmenter::push(int, Packet* p) {
    PacketBatch out0, out1;
    handle(p, out0, out1);
    send(out0, out1);
}

void IPFragmenter::push_batch(int, PacketBatch& batch) {
    PacketBatch out0, out1;
    while (Packet* p = batch.pop_front()) handle(p, out0, out1);
    send(out0, out1);
}

void IPFragmenter::send(PacketBatch& out0, PacketBatch& out1) {
    if (!out0.empty()) output(0).push_batch(out0);
    if (out1.empty()) return;
    if (noutputs() > 1)
        output(1).push_batch(out1);
    else
        out1.kill();
}

void IPFragmenter::handle(Packet* p, PacketBatch& out0, PacketBatch& out1) {
    int64_t off = p->has_network_header() ? int64_t(p->network_header() - p->data()) : 0;
    uint32_t net_len = off >= 0 && off <= int64_t(p->length()) ? p->length() - uint32_t(off) : p->length();
    if (net_len <= mtu_) {
        out0.append(p);
        return;
    }
    IPHeaderRef r;
    uint32_t len;
    if (!locate_ip_header(p, r) || !(len = ip_datagram_length(r))) {
        ++drops_;
        p->kill();
        return;
    }
    if (len <= mtu_) {
        p->take(r.avail - len);
        out0.append(p);
        return;
    }
    bool df = ntohs(r.h.off) & IP_DF;
    if ((df && honor_df_) || mtu_ < r.hlen + 8)
        refuse(p, r, out1);
    else
        fragment(p, r, len, out0);
}

void IPFragmenter::refuse(Packet* p, const IPHeaderRef& r, PacketBatch& out1) {
    ++drops_;
    if (verbose_ || drops_ <= 5) {
        IPAddress src{r.h.src}, dst{r.h.dst};
        platform::write_stderr(declaration() + ": not fragmenting packet from " + src.str() + " to " + dst.str() +
                               " (length " + std::to_string(ntohs(r.h.len)) + ", MTU " + std::to_string(mtu_) +
                               ((ntohs(r.h.off) & IP_DF) ? ", DF" : "") + ")\n");
    }
    out1.append(p);
}

void IPFragmenter::fragment(Packet* p, const IPHeaderRef& r, uint32_t datagram_len, PacketBatch& out0) {
    const uint8_t* ip = r.bytes(p);
    uint16_t off_field = ntohs(r.h.off);
    bool had_mf = off_field & IP_MF;
    uint32_t base = off_field & IP_OFFMASK;  // where this datagram starts, in 8-byte units
    uint16_t flags = off_field & IP_RF;      // DF is gone: either absent or ignored
    uint8_t id[2];
    if (off_field & IP_DF)
        store_be16(id, random_id());
    else
        std::memcpy(id, ip + 4, 2);

    uint32_t data_len = datagram_len - r.hlen;
    uint32_t first_len = (mtu_ - r.hlen) & ~7u;
    uint8_t options[40];
    uint32_t out_hlen = sizeof(click_ip) + copied_options(ip, r.hlen, options);
    uint32_t step = (mtu_ - out_hlen) & ~7u;  // out_hlen <= r.hlen, so step >= first_len >= 8

    // Later fragments first, copied from the original before it becomes the first fragment.
    PacketBatch rest;
    for (uint32_t at = first_len; at < data_len;) {
        uint32_t n = std::min(step, data_len - at);
        bool last = at + n >= data_len;
        if (Packet* q = Packet::make(headroom_, nullptr, out_hlen + n, 0)) {
            uint8_t* h = q->mutable_data();
            std::memcpy(h, ip, sizeof(click_ip));
            h[0] = uint8_t(0x40 | out_hlen / 4);
            std::memcpy(h + 4, id, 2);
            std::memcpy(h + sizeof(click_ip), options, out_hlen - sizeof(click_ip));
            std::memcpy(h + out_hlen, ip + r.hlen + at, n);
            uint16_t f = uint16_t(flags | ((base + at / 8) & IP_OFFMASK) | (last && !had_mf ? 0 : IP_MF));
            finish_header(h, out_hlen, out_hlen + n, f);
            q->copy_annotations(p);
            q->set_network_header(h, out_hlen);
            rest.append(q);
        }
        at += n;
    }

    if (!(p = p->uniqueify())) {
        rest.kill();
        return;
    }
    uint8_t* h = r.bytes(p);
    std::memcpy(h + 4, id, 2);
    finish_header(h, r.hlen, r.hlen + first_len, uint16_t(flags | base | IP_MF));
    p->take(p->length() - (r.offset + r.hlen + first_len));
    p->set_network_header(h, r.hlen);

    fragments_ += 1 + rest.count();
    out0.append(p);
    out0.append(rest);
}

void IPFragmenter::add_handlers() {
    add_read_handler("drops", [this](Element*) { return std::to_string(drops_) + "\n"; });
    add_read_handler("fragments", [this](Element*) { return std::to_string(fragments_) + "\n"; });
}

CLICKOS_ELEMENT(IPFragmenter);

}  // namespace clickos
