#include "icmp/icmppingsource.hh"

#include <cstdio>

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/platform.hh"
#include "ip/header_access.hh"
#include "ipencap/ip_header.hh"

namespace clickos {

namespace {

constexpr uint32_t headers_length = sizeof(click_ip) + sizeof(click_icmp);

std::string millis(double ns) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", ns / 1e6);
    return buf;
}

}  // namespace

int ICMPPingSource::configure(Args& args) {
    Seconds interval{interval_};
    if (args.read_mp("SRC", src_)
            .read_mp("DST", dst_)
            .read("INTERVAL", interval)
            .read("IDENTIFIER", identifier_)
            .read("LIMIT", limit_)
            .read("DATA", data_)
            .read("ACTIVE", active_)
            .read("VERBOSE", verbose_)
            .complete() < 0)
        return -1;
    if (data_.size() > 0xffff - headers_length) return args.error("DATA must be at most 65507 bytes");
    if (interval.value.ns <= 0) return args.error("INTERVAL must be positive");
    interval_ = interval.value;
    if (limit_ < 0) limit_ = -1;
    return 0;
}

int ICMPPingSource::initialize(ErrorHandler*) {
    if (ninputs() > 0) replies_ = std::make_unique<Replies>();
    timer_.initialize(this);
    if (output_is_push(0)) restart();
    return 0;
}

Packet* ICMPPingSource::make_request() {
    if (!active_ || limit_reached()) return nullptr;
    Packet* p = Packet::make(headers_length + uint32_t(data_.size()));
    if (!p) return nullptr;
    uint16_t seq = uint16_t(count_);
    uint8_t* ip = p->mutable_data();
    std::memset(ip, 0, headers_length);
    ip[0] = 0x45;
    store_be16(ip + 2, uint16_t(p->length()));
    store_be16(ip + 4, seq);
    ip[8] = 255;
    ip[9] = IP_PROTO_ICMP;
    std::memcpy(ip + 12, &src_.addr, 4);
    std::memcpy(ip + 16, &dst_.addr, 4);
    uint16_t sum = internet_checksum(ip, sizeof(click_ip));
    std::memcpy(ip + 10, &sum, 2);
    uint8_t* icmp = ip + sizeof(click_ip);
    icmp[0] = ICMP_ECHO;
    store_be16(icmp + 4, identifier_);
    store_be16(icmp + 6, seq);
    if (!data_.empty()) std::memcpy(icmp + sizeof(click_icmp), data_.data(), data_.size());
    sum = internet_checksum(icmp, p->length() - sizeof(click_ip));
    std::memcpy(icmp + 2, &sum, 2);
    p->set_network_header(ip, sizeof(click_ip));
    p->set_dst_ip_anno(dst_.addr);
    p->set_timestamp_anno(Timestamp::now());
    if (replies_) {
        replies_->sent[seq] = Timestamp::now_steady();
        replies_->answered[seq] = false;
    }
    ++count_;
    return p;
}

void ICMPPingSource::run_timer(Timer*) {
    if (Packet* p = make_request()) output(0).push(p);
    if (!active_ || limit_reached()) return;
    // Periodic from the previous expiry, without a catch-up burst after a late run.
    Timestamp next = timer_.expiry() + interval_;
    Timestamp now = Timestamp::now_steady();
    timer_.schedule_at(next < now ? now : next);
}

Packet* ICMPPingSource::pull(int) {
    return make_request();
}

void ICMPPingSource::restart() {
    if (output_is_push(0) && active_ && !limit_reached() && !timer_.scheduled()) timer_.schedule_now();
}

void ICMPPingSource::push(int, Packet* p) {
    if (replies_) take_reply(p);
    p->kill();
}

void ICMPPingSource::take_reply(const Packet* p) {
    click_ip iph;
    const uint8_t* ip = p->has_network_header() ? p->network_header() : p->data();
    if (!ip::in_packet(p, ip, sizeof(click_ip))) return;
    std::memcpy(&iph, ip, sizeof iph);
    unsigned hlen = iph.header_length();
    if (iph.version() != 4 || iph.p != IP_PROTO_ICMP || hlen < sizeof(click_ip) || !ip::is_first_fragment(iph)) return;
    const uint8_t* icmp = ip + hlen;
    if (!ip::in_packet(p, icmp, sizeof(click_icmp))) return;
    if (icmp[0] != ICMP_ECHOREPLY || ip::load16(icmp + 4) != identifier_) return;
    uint16_t seq = ip::load16(icmp + 6);
    Replies& r = *replies_;
    if (!r.sent[seq]) return;  // never sent
    if (r.answered[seq]) {
        ++r.duplicates;
        if (verbose_) platform::write_stderr(name() + ": duplicate reply, icmp_seq=" + std::to_string(seq) + "\n");
        return;
    }
    r.answered[seq] = true;
    int64_t rtt = (Timestamp::now_steady() - r.sent[seq]).ns;
    if (r.received == 0 || rtt < r.min_ns) r.min_ns = rtt;
    if (r.received == 0 || rtt > r.max_ns) r.max_ns = rtt;
    r.sum_ns += double(rtt);
    ++r.received;
    if (verbose_) {
        IPAddress from{iph.src};
        platform::write_stderr(name() + ": " + std::to_string(p->length() - (ip - p->data()) - hlen) + " bytes from " +
                               from.str() + ": icmp_seq=" + std::to_string(seq) + " ttl=" + std::to_string(iph.ttl) +
                               " time=" + millis(double(rtt)) + " ms\n");
    }
}

std::string ICMPPingSource::summary() const {
    const Replies& r = *replies_;
    uint64_t lost = count_ > r.received ? count_ - r.received : 0;
    unsigned loss = count_ ? unsigned(lost * 100 / count_) : 0;
    std::string s = std::to_string(count_) + " packets transmitted, " + std::to_string(r.received) + " received, ";
    if (r.duplicates) s += "+" + std::to_string(r.duplicates) + " duplicates, ";
    s += std::to_string(loss) + "% packet loss\n";
    if (r.received)
        s += "rtt min/avg/max = " + millis(double(r.min_ns)) + "/" + millis(r.sum_ns / double(r.received)) + "/" +
             millis(double(r.max_ns)) + " ms\n";
    return s;
}

void ICMPPingSource::reset_counts() {
    count_ = 0;
    if (replies_) {
        Replies& r = *replies_;
        for (auto& t : r.sent) t = Timestamp{};
        r.received = r.duplicates = 0;
        r.min_ns = r.max_ns = 0;
        r.sum_ns = 0;
    }
}

void ICMPPingSource::add_handlers() {
    add_read_handler("active", [this](Element*) { return std::string(active_ ? "true\n" : "false\n"); });
    add_write_handler("active", [this](const std::string& v, Element*, ErrorHandler* errh) {
        bool a;
        std::string why;
        if (!parse_value(v, a, why)) return errh->error("active: " + why);
        active_ = a;
        if (active_)
            restart();
        else
            timer_.unschedule();
        return 0;
    });
    auto address = [this](IPAddress& field, const char* name) {
        add_read_handler(name, [&field](Element*) { return field.str() + "\n"; });
        add_write_handler(name, [&field, name](const std::string& v, Element*, ErrorHandler* errh) {
            IPAddress a;
            std::string why;
            if (!parse_value(v, a, why)) return errh->error(std::string(name) + ": " + why);
            field = a;
            return 0;
        });
    };
    address(src_, "src");
    address(dst_, "dst");
    add_read_handler("count", [this](Element*) { return std::to_string(count_) + "\n"; });
    add_read_handler("limit", [this](Element*) { return std::to_string(limit_) + "\n"; });
    add_write_handler("limit", [this](const std::string& v, Element*, ErrorHandler* errh) {
        int64_t x;
        std::string why;
        if (!parse_value(v, x, why)) return errh->error("limit: " + why);
        limit_ = x < 0 ? -1 : x;
        restart();
        return 0;
    });
    add_read_handler("interval", [this](Element*) { return interval_.str() + "\n"; });
    add_write_handler("interval", [this](const std::string& v, Element*, ErrorHandler* errh) {
        Seconds s;
        std::string why;
        if (!parse_value(v, s, why)) return errh->error("interval: " + why);
        if (s.value.ns <= 0) return errh->error("interval: must be positive");
        interval_ = s.value;
        if (timer_.scheduled()) timer_.schedule_after(interval_);
        return 0;
    });
    add_write_handler(
        "reset_counts",
        [this](const std::string&, Element*, ErrorHandler*) {
            reset_counts();
            restart();
            return 0;
        },
        HANDLER_BUTTON);
    if (ninputs() == 0) return;
    add_read_handler("summary", [this](Element*) { return summary(); });
    add_read_handler("rtt_min", [this](Element*) { return millis(double(replies_->min_ns)) + "\n"; });
    add_read_handler("rtt_max", [this](Element*) { return millis(double(replies_->max_ns)) + "\n"; });
    add_read_handler("rtt_avg", [this](Element*) {
        const Replies& r = *replies_;
        return millis(r.received ? r.sum_ns / double(r.received) : 0) + "\n";
    });
}

CLICKOS_ELEMENT(ICMPPingSource);
CLICKOS_ELEMENT_ALIAS(ICMPSendPings, ICMPPingSource);  // its former name in Click

}  // namespace clickos
