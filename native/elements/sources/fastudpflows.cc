#include "fastudpflows.hh"

#include <cstdio>
#include <cstring>

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/router.hh"

namespace clickos {

namespace {
constexpr uint32_t eth_len = 14, ip_len = 20;

void put16(uint8_t* p, uint32_t v) {
    p[0] = uint8_t(v >> 8);
    p[1] = uint8_t(v);
}

// One's-complement sum of 16-bit big-endian words (RFC 1071), not yet folded.
uint32_t sum16(const uint8_t* p, size_t n, uint32_t sum = 0) {
    for (; n > 1; p += 2, n -= 2) sum += uint32_t(p[0]) << 8 | p[1];
    if (n) sum += uint32_t(p[0]) << 8;
    return sum;
}

uint16_t fold(uint32_t sum) {
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return uint16_t(~sum);
}
}  // namespace

int FastUDPFlows::configure(Args& args) {
    uint32_t length = 0;
    if (args.read_mp("RATE", rate_)
            .read_mp("LIMIT", limit_)
            .read_mp("LENGTH", length)
            .read_mp("SRCETH", src_eth_)
            .read_mp("SRCIP", src_ip_)
            .read_mp("DSTETH", dst_eth_)
            .read_mp("DSTIP", dst_ip_)
            .read_mp("FLOWS", nflows_)
            .read_mp("FLOWSIZE", flowsize_)
            .read_p("CHECKSUM", checksum_)
            .read_p("ACTIVE", active_)
            .complete() < 0)
        return -1;
    if (length > 65535) return args.error("LENGTH must be at most 65535");
    if (length < min_length) {
        args.errh()->warning("LENGTH " + std::to_string(length) + " is below 60, using 60");
        length = min_length;
    }
    if (nflows_ == 0 || nflows_ > max_flows) return args.error("FLOWS must be from 1 to 65536");
    if (flowsize_ == 0) return args.error("FLOWSIZE must be at least 1");
    length_ = length;
    if (limit_ < 0) limit_ = -1;
    bucket_.configure(rate_, TokenBucket::capacity_for(rate_, burst_ns));
    return 0;
}

uint32_t FastUDPFlows::random_port() {
    // xorshift64*: cheap, and the fixed seed makes runs repeatable.
    rng_ ^= rng_ >> 12;
    rng_ ^= rng_ << 25;
    rng_ ^= rng_ >> 27;
    return uint32_t((rng_ * 0x2545f4914f6cdd1dull) >> 32) % 0xffff;
}

Packet* FastUDPFlows::build_packet() {
    Packet* p = Packet::make(length_);
    if (!p) return nullptr;
    uint8_t* d = p->mutable_data();
    std::memset(d, 0, length_);
    std::memcpy(d, dst_eth_.bytes, 6);
    std::memcpy(d + 6, src_eth_.bytes, 6);
    put16(d + 12, 0x0800);
    uint8_t* ip = d + eth_len;
    ip[0] = 0x45;  // version 4, 5-word header
    put16(ip + 2, length_ - eth_len);
    ip[8] = 250;  // TTL
    ip[9] = 17;   // UDP
    std::memcpy(ip + 12, &src_ip_.addr, 4);
    std::memcpy(ip + 16, &dst_ip_.addr, 4);
    put16(ip + 10, fold(sum16(ip, ip_len)));
    put16(ip + ip_len + 4, length_ - eth_len - ip_len);
    p->set_mac_header(d);
    p->set_network_header(ip, ip_len);
    p->set_dst_ip_anno(dst_ip_.addr);
    write_ports(p);
    return p;
}

void FastUDPFlows::write_ports(Packet* p) {
    uint8_t* udp = p->mutable_data() + eth_len + ip_len;
    put16(udp, random_port());
    put16(udp + 2, random_port());
    put16(udp + 6, 0);
    if (!checksum_) return;
    // Pseudo-header (addresses, protocol, UDP length), then the header and the payload.
    uint32_t ulen = length_ - eth_len - ip_len;
    const uint8_t* ip = udp - ip_len;
    uint32_t sum = sum16(ip + 12, 8) + 17 + ulen;
    uint16_t c = fold(sum16(udp, ulen, sum));
    put16(udp + 6, c == 0 ? 0xffff : c);  // zero would mean "no checksum"
}

void FastUDPFlows::new_ports(Flow& f) {
    if (f.packet->shared()) {
        // Clones still in flight read the old bytes: give the flow a fresh packet.
        Packet* fresh = build_packet();
        if (!fresh) return;  // keep the old ports rather than fail
        f.packet->kill();
        f.packet = fresh;
        return;
    }
    write_ports(f.packet);
}

int FastUDPFlows::initialize(ErrorHandler* errh) {
    // A fixed seed per element (two sources in one configuration differ), never zero.
    rng_ = 0x2545f4914f6cdd1dull + uint64_t(eindex() + 1) * 0x9e3779b97f4a7c15ull;
    if (rng_ == 0) rng_ = 1;
    flows_.assign(nflows_, Flow{});
    for (Flow& f : flows_)
        if (!(f.packet = build_packet())) return errh->error("out of memory");
    bucket_.reset(Timestamp::now_steady().ns);
    timer_.initialize(this);
    notifier_.set_active(active_);
    return 0;
}

void FastUDPFlows::cleanup(CleanupStage) {
    for (Flow& f : flows_)
        if (f.packet) f.packet->kill();
    flows_.clear();
}

void* FastUDPFlows::cast(const char* name) {
    if (std::strcmp(name, ActiveNotifier::empty_name) == 0) return &notifier_;
    return Element::cast(name);
}

uint64_t FastUDPFlows::allowed(uint64_t max) {
    if (limit_ >= 0) {
        if (count_ >= uint64_t(limit_)) {
            notifier_.set_active(false);  // until reset or a new limit
            return 0;
        }
        max = std::min(max, uint64_t(limit_) - count_);
    }
    if (rate_ == 0) return max;
    int64_t now = Timestamp::now_steady().ns;
    bucket_.refill(now);
    uint64_t n = std::min(max, bucket_.tokens());
    if (n == 0) {
        notifier_.set_active(false);
        timer_.schedule_at(Timestamp{now + bucket_.wait_ns()});
    }
    return n;
}

PacketBatch FastUDPFlows::pull_batch(int, unsigned max) {
    PacketBatch b;
    if (!active_) {
        notifier_.set_active(false);
        return b;
    }
    uint64_t n = allowed(max);
    for (uint64_t i = 0; i < n; ++i) {
        Flow& f = flows_[next_flow_];
        if (f.sent == flowsize_) {
            new_ports(f);
            f.sent = 0;
        }
        Packet* p = f.packet->clone();
        if (!p) break;
        ++f.sent;
        b.append(p);
        if (++next_flow_ == flows_.size()) next_flow_ = 0;
    }
    if (b.empty()) return b;
    if (rate_ != 0) bucket_.consume(b.count());
    if (count_ == 0) first_ns_ = Timestamp::now_steady().ns;
    count_ += b.count();
    if (limit_ >= 0 && count_ >= uint64_t(limit_)) {
        last_ns_ = Timestamp::now_steady().ns;
        notifier_.set_active(false);
    }
    return b;
}

Packet* FastUDPFlows::pull(int port) {
    return pull_batch(port, 1).first();
}

void FastUDPFlows::run_timer(Timer*) {
    wake();
}

void FastUDPFlows::wake() {
    notifier_.set_active(active_);
}

void FastUDPFlows::add_handlers() {
    add_read_handler("count", [this](Element*) { return std::to_string(count_) + "\n"; });
    add_read_handler("rate", [this](Element*) {
        int64_t end = last_ns_ ? last_ns_ : Timestamp::now_steady().ns;
        double r = count_ == 0 || end <= first_ns_ ? 0.0 : double(count_) * 1e9 / double(end - first_ns_);
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.0f\n", r);
        return std::string(buf);
    });
    add_write_handler("rate", [this](const std::string& v, Element*, ErrorHandler* errh) {
        uint32_t r;
        std::string why;
        if (!parse_value(v, r, why)) return errh->error("rate: " + why);
        int64_t now = Timestamp::now_steady().ns;
        bucket_.refill(now);
        bucket_.configure(r, TokenBucket::capacity_for(r, burst_ns));
        if (rate_ == 0) bucket_.reset(now);  // from unlimited: start with a full bucket
        rate_ = r;
        wake();
        return 0;
    });
    add_write_handler(
        "reset",
        [this](const std::string&, Element*, ErrorHandler*) {
            count_ = 0;
            first_ns_ = last_ns_ = 0;
            wake();
            return 0;
        },
        HANDLER_BUTTON);
    add_read_handler("active", [this](Element*) { return std::string(active_ ? "true\n" : "false\n"); });
    add_write_handler("active", [this](const std::string& v, Element*, ErrorHandler* errh) {
        bool a;
        std::string why;
        if (!parse_value(v, a, why)) return errh->error("active: " + why);
        active_ = a;
        wake();
        return 0;
    });
    add_read_handler("limit", [this](Element*) { return std::to_string(limit_) + "\n"; });
    add_write_handler("limit", [this](const std::string& v, Element*, ErrorHandler* errh) {
        int64_t x;
        std::string why;
        if (!parse_value(v, x, why)) return errh->error("limit: " + why);
        limit_ = x < 0 ? -1 : x;
        if (limit_ < 0 || count_ < uint64_t(limit_)) last_ns_ = 0;
        wake();
        return 0;
    });
}

CLICKOS_ELEMENT(FastUDPFlows);

}  // namespace clickos
