#include "conntrack.hh"

#include <arpa/inet.h>

#include <cstring>

#include "clickos/args.hh"
#include "clickos/ip.hh"
#include "clickos/packages.hh"
#include "clickos/timestamp.hh"

namespace firewall {

using namespace clickos;

namespace {

constexpr int64_t sec = 1000000000;
// The sweep visits 1/50 of the table every 100 ms: all of it every 5 seconds.
constexpr int64_t sweep_period_ms = 100;
constexpr size_t sweep_parts = 50;

bool is_icmp_query(uint8_t type) {
    switch (type) {
        case 0:   // echo reply
        case 8:   // echo
        case 13:  // timestamp
        case 14:  // timestamp reply
        case 15:  // information request
        case 16:  // information reply
        case 17:  // address mask request
        case 18:  // address mask reply
            return true;
        default: return false;
    }
}

std::string ip_text(uint32_t a) {
    uint32_t h = ntohl(a);
    return std::to_string(h >> 24) + "." + std::to_string((h >> 16) & 255) + "." + std::to_string((h >> 8) & 255) +
           "." + std::to_string(h & 255);
}

}  // namespace

int ConnTrack::configure(Args& args) {
    Seconds tcp{Timestamp{3600 * sec}}, closed{Timestamp{10 * sec}}, udp{Timestamp{60 * sec}},
        other{Timestamp{30 * sec}};
    if (args.read("CAPACITY", capacity_)
            .read("TCP_TIMEOUT", tcp)
            .read("CLOSED_TIMEOUT", closed)
            .read("UDP_TIMEOUT", udp)
            .read("OTHER_TIMEOUT", other)
            .read("PACKET_TIME", packet_time_)
            .complete() < 0)
        return -1;
    if (capacity_ < 1 || capacity_ > (1u << 24)) return args.error("CAPACITY must be between 1 and 16777216");
    const char* names[] = {"TCP_TIMEOUT", "CLOSED_TIMEOUT", "UDP_TIMEOUT", "OTHER_TIMEOUT"};
    const Seconds* values[] = {&tcp, &closed, &udp, &other};
    for (int i = 0; i < 4; ++i)
        if (values[i]->value.ns <= 0) return args.error(std::string(names[i]) + " must be more than 0");
    tcp_ns_ = tcp.value.ns;
    closed_ns_ = closed.value.ns;
    udp_ns_ = udp.value.ns;
    other_ns_ = other.value.ns;
    return 0;
}

int ConnTrack::initialize(ErrorHandler*) {
    // At most half full, so probe sequences stay short.
    size_t n = 16;
    while (n < size_t(capacity_) * 2) n <<= 1;
    slots_.assign(n, Slot{});
    mask_ = n - 1;
    sweep_timer_.initialize(this);
    sweep_timer_.schedule_after_msec(sweep_period_ms);
    return 0;
}

void ConnTrack::cleanup(CleanupStage) {
    sweep_timer_.unschedule();
}

bool ConnTrack::key_of(const Packet* p, Key& key, bool& closing) {
    closing = false;
    const uint8_t* ip = p->network_header();
    const uint8_t* end = p->data() + p->length();
    if (!ip || ip < p->data() || end - ip < 20) return false;
    const auto* h = reinterpret_cast<const click_ip*>(ip);
    unsigned hl = h->header_length();
    if (h->version() != 4 || hl < 20 || end - ip < long(hl)) return false;
    if (ntohs(h->off) & IP_OFFMASK) return false;  // no transport header in later fragments
    const uint8_t* tr = ip + hl;
    uint32_t src = h->src, dst = h->dst;
    uint16_t sport = 0, dport = 0;
    switch (h->p) {
        case IP_PROTO_TCP:
            if (end - tr < 14) return false;
            closing = (tr[13] & (TH_FIN | TH_RST)) != 0;
            [[fallthrough]];
        case IP_PROTO_UDP:
            if (end - tr < 4) return false;
            std::memcpy(&sport, tr, 2);
            std::memcpy(&dport, tr + 2, 2);
            break;
        case IP_PROTO_ICMP:
            if (end - tr < 8 || !is_icmp_query(tr[0])) return false;
            std::memcpy(&sport, tr + 4, 2);  // the identifier, the same in request and reply
            dport = sport;
            break;
        default: break;
    }
    key.proto = h->p;
    uint64_t a = (uint64_t(ntohl(src)) << 16) | ntohs(sport), b = (uint64_t(ntohl(dst)) << 16) | ntohs(dport);
    if (a <= b) {
        key.addr[0] = src, key.addr[1] = dst, key.port[0] = sport, key.port[1] = dport;
    } else {
        key.addr[0] = dst, key.addr[1] = src, key.port[0] = dport, key.port[1] = sport;
    }
    return true;
}

uint32_t ConnTrack::hash(const Key& k) {
    uint32_t h = k.addr[0] * 0x9e3779b1u;
    h ^= k.addr[1] * 0x85ebca77u;
    h ^= ((uint32_t(k.port[0]) << 16) | k.port[1]) * 0xc2b2ae3du;
    h ^= k.proto;
    h ^= h >> 16;
    h *= 0x7feb352du;
    h ^= h >> 15;
    return h;
}

int64_t ConnTrack::now_of(const Packet* p) const {
    return packet_time_ ? p->timestamp_anno().ns : Timestamp::now_steady().ns;
}

int64_t ConnTrack::lifetime(const Key& k, State s) const {
    if (k.proto == IP_PROTO_TCP) return s == Closed ? closed_ns_ : tcp_ns_;
    return k.proto == IP_PROTO_UDP ? udp_ns_ : other_ns_;
}

long ConnTrack::find(const Key& k, int64_t now) {
    for (size_t i = hash(k) & mask_;; i = (i + 1) & mask_) {
        Slot& s = slots_[i];
        if (s.state == Empty) return -1;
        if (s.key == k) {
            if (s.expires > now) return long(i);
            erase(i);
            return -1;
        }
    }
}

void ConnTrack::erase(size_t i) {
    // Backward-shift deletion: later members of the probe run move up, so no tombstones.
    slots_[i].state = Empty;
    --live_;
    for (size_t j = (i + 1) & mask_; slots_[j].state != Empty; j = (j + 1) & mask_) {
        size_t home = hash(slots_[j].key) & mask_;
        // Move j into the hole at i unless its home lies cyclically in (i, j].
        bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
        if (stays) continue;
        slots_[i] = slots_[j];
        slots_[j].state = Empty;
        i = j;
    }
}

bool ConnTrack::insert(const Key& k, State st, int64_t now) {
    if (live_ >= capacity_) {
        // The table looks full: sweep it whole, but at most once a sweep period, so that a
        // flood of new connections against a full table costs a lookup each, not a sweep.
        if (!full_swept_ || now < last_full_sweep_ || now - last_full_sweep_ >= sweep_period_ms * 1000000) {
            full_swept_ = true;
            last_full_sweep_ = now;
            sweep_all(now);
        }
        if (live_ >= capacity_) return false;
    }
    size_t i = hash(k) & mask_;
    while (slots_[i].state != Empty) i = (i + 1) & mask_;
    slots_[i] = Slot{k, st, now + lifetime(k, st)};
    ++live_;
    ++created_;
    return true;
}

void ConnTrack::refresh(Slot& s, bool closing, int64_t now) {
    if (closing) s.state = Closed;
    s.expires = now + lifetime(s.key, s.state);
}

void ConnTrack::sweep(size_t count, int64_t now) {
    size_t n = slots_.size();
    if (count > n) count = n;
    for (size_t visited = 0; visited < count; ++visited) {
        size_t i = sweep_next_;
        // An erase may shift a later connection into i: look at i again before moving on.
        while (slots_[i].state != Empty && slots_[i].expires <= now) erase(i);
        sweep_next_ = (i + 1) & mask_;
    }
}

void ConnTrack::run_timer(Timer*) {
    int64_t now = packet_time_ ? last_now_ : Timestamp::now_steady().ns;
    sweep(slots_.size() / sweep_parts + 1, now);
    sweep_timer_.reschedule_after(Timestamp::from_msec(sweep_period_ms));
}

int ConnTrack::classify(int port, Packet* p, int64_t now) {
    Key k;
    bool closing;
    if (!key_of(p, k, closing)) return port == 0 ? 1 : 0;
    long i = find(k, now);
    if (i >= 0) {
        refresh(slots_[size_t(i)], closing, now);
        return 0;
    }
    if (port == 0) return 1;
    if (insert(k, closing ? Closed : Open, now)) return 0;
    ++full_drops_;
    return -1;
}

void ConnTrack::push(int port, Packet* p) {
    int64_t now = now_of(p);
    last_now_ = now;
    checked_output_push(classify(port, p, now), p);
}

void ConnTrack::push_batch(int port, PacketBatch& batch) {
    // Packets stay in order, and each one is classified after the packets before it have been
    // decided: a packet for the rules (output 1) goes alone, after the known ones before it,
    // so that the connection it may open is in the table before the next packet is looked up.
    PacketBatch known;
    Packet* dead = nullptr;
    int64_t now = packet_time_ ? 0 : Timestamp::now_steady().ns;  // one clock read per batch
    Packet* p = batch.first();
    batch.clear();
    while (p) {
        Packet* next = p->next();
        p->set_next(nullptr);
        if (packet_time_) now = p->timestamp_anno().ns;
        last_now_ = now;
        int o = classify(port, p, now);
        if (o == 0) {
            known.append(p);
        } else if (o == 1) {
            if (!known.empty()) {
                PacketBatch b = known;
                known.clear();
                output(0).push_batch(b);
            }
            output(1).push(p);
        } else {
            p->set_next(dead);
            dead = p;
        }
        p = next;
    }
    while (dead) {
        Packet* next = dead->next();
        dead->kill();
        dead = next;
    }
    if (!known.empty()) output(0).push_batch(known);
}

void ConnTrack::take_state(Element* old, ErrorHandler*) {
    auto* o = static_cast<ConnTrack*>(old);
    if (slots_.empty()) return;  // not initialized
    int64_t now = o->packet_time_ ? o->last_now_ : Timestamp::now_steady().ns;
    for (const Slot& s : o->slots_)
        if (s.state != Empty && s.expires > now && live_ < capacity_) {
            size_t i = hash(s.key) & mask_;
            while (slots_[i].state != Empty) i = (i + 1) & mask_;
            slots_[i] = s;
            ++live_;
        }
    created_ = o->created_;
    full_drops_ = o->full_drops_;
    last_now_ = o->last_now_;
}

void ConnTrack::add_handlers() {
    auto now = [this]() { return packet_time_ ? last_now_ : Timestamp::now_steady().ns; };
    add_read_handler("count", [this, now](Element*) {
        sweep_all(now());
        return std::to_string(live_) + "\n";
    });
    add_read_handler("table", [this, now](Element*) {
        int64_t t = now();
        sweep_all(t);
        std::string out;
        for (const Slot& s : slots_) {
            if (s.state == Empty) continue;
            const Key& k = s.key;
            std::string proto = k.proto == IP_PROTO_TCP    ? "tcp"
                                : k.proto == IP_PROTO_UDP  ? "udp"
                                : k.proto == IP_PROTO_ICMP ? "icmp"
                                                           : std::to_string(k.proto);
            out += proto + " " + ip_text(k.addr[0]) + ":" + std::to_string(ntohs(k.port[0])) + " " +
                   ip_text(k.addr[1]) + ":" + std::to_string(ntohs(k.port[1])) + " " +
                   std::to_string((s.expires - t + sec - 1) / sec) + (s.state == Closed ? " closed" : "") + "\n";
        }
        return out;
    });
    add_read_handler("created", [this](Element*) { return std::to_string(created_) + "\n"; });
    add_read_handler("full_drops", [this](Element*) { return std::to_string(full_drops_) + "\n"; });
    add_read_handler("capacity", [this](Element*) { return std::to_string(capacity_) + "\n"; });
    add_write_handler("clear", [this](const std::string&, Element*, ErrorHandler*) {
        for (Slot& s : slots_) s.state = Empty;
        live_ = 0;
        return 0;
    });
}

namespace {
void register_classes(ElementRegistry* registry, const char* package) {
    registry->add({"ConnTrack", []() -> Element* { return new ConnTrack; }, package, ""});
}
}  // namespace

}  // namespace firewall

#ifndef CLICKOS_PACKAGE_VERSION
#define CLICKOS_PACKAGE_VERSION "0.0.0"
#endif
CLICKOS_ELEMENT_PACKAGE(CLICKOS_PACKAGE_NAME, CLICKOS_PACKAGE_VERSION, firewall::register_classes)
