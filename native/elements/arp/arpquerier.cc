#include "arpquerier.hh"

#include <arpa/inet.h>

#include "arp_header.hh"
#include "arptable.hh"
#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/router.hh"
#include "clickos/timestamp.hh"

namespace clickos {

namespace {

constexpr int64_t min_query_interval_ns = 100'000'000;  // at most ten queries a second per address
const uint8_t broadcast_eth[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
const uint8_t zero_eth[6] = {0, 0, 0, 0, 0, 0};

int64_t now_ns() {
    return Timestamp::now_steady().ns;
}

}  // namespace

// The IP argument: an address, optionally with the mask of its network ("IP/MASK").
struct ArpHostAddress {
    uint32_t addr = 0;
    uint32_t mask = 0xffffffffu;
};

bool parse_value(std::string_view s, ArpHostAddress& v, std::string& why) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    size_t slash = s.find('/');
    IPAddress a;
    IPPrefix p;
    std::string ignored;
    if (slash == std::string_view::npos && !IPAddress::parse(s, a) && parse_value(s, p, ignored) &&
        p.mask.addr != 0xffffffffu) {
        // An AddressInfo name with a prefix ("boojum" for 10.0.0.1/24): its address and mask.
        parse_value(s, a, ignored);
        v.addr = a.addr;
        v.mask = p.mask.addr;
        return true;
    }
    if (!parse_value(s.substr(0, slash), a, ignored) ||
        (slash != std::string_view::npos && !parse_value(s, p, ignored))) {
        why = "expected IP address or IP/MASK";
        return false;
    }
    v.addr = a.addr;
    v.mask = slash == std::string_view::npos ? 0xffffffffu : p.mask.addr;
    return true;
}

int ARPQuerier::configure(Args& args) {
    ArpHostAddress ip;
    ArpCache::Limits limits;
    Seconds timeout{Timestamp{limits.timeout_ns}}, poll{Timestamp{poll_timeout_ns_}};
    IPAddress bcast;
    if (args.read_mp("IP", ip)
            .read_mp("ETH", my_eth_)
            .read("CAPACITY", limits.packets)
            .read("ENTRY_CAPACITY", limits.entries)
            .read("ENTRY_PACKET_CAPACITY", limits.entry_packets)
            .read("TIMEOUT", timeout)
            .read("POLL_TIMEOUT", poll)
            .read("BROADCAST", bcast)
            .read("BROADCAST_POLL", broadcast_poll_)
            .read("TABLE", table_name_)
            .complete() < 0)
        return -1;
    my_ip_ = ip.addr;
    limits.timeout_ns = timeout.value.ns;
    poll_timeout_ns_ = poll.value.ns;
    own_cache_.set_limits(limits);
    if (args.given("BROADCAST"))
        broadcast_ = bcast.addr;
    else if (ip.mask != 0xffffffffu && ip.mask != 0)
        broadcast_ = (ip.addr & ip.mask) | ~ip.mask;
    return 0;
}

int ARPQuerier::initialize(ErrorHandler* errh) {
    if (!table_name_.text.empty()) {
        auto* t = dynamic_cast<ARPTable*>(router()->find(table_name_.text, this));
        if (!t) return errh->error("TABLE: no ARPTable named '" + table_name_.text + "'");
        table_ = &t->cache();
    }
    expire_timer_.initialize(this);
    return 0;
}

void ARPQuerier::cleanup(CleanupStage) {
    expire_timer_.unschedule();
    own_cache_.clear(false);  // a shared ARPTable empties itself
}

void ARPQuerier::arm_timer() {
    if (expire_timer_.scheduled()) return;  // it is due no later than the oldest entry
    if (int64_t when = table_->next_expiry()) expire_timer_.schedule_at(Timestamp{when});
}

void ARPQuerier::run_timer(Timer*) {
    if (int64_t next = table_->expire(now_ns())) expire_timer_.schedule_at(Timestamp{next});
}

Packet* ARPQuerier::encap(Packet* p, const uint8_t dst[6]) {
    if (!(p = p->push(14))) {
        ++drops_;
        return nullptr;
    }
    uint8_t* h = p->mutable_data();
    std::memcpy(h, dst, 6);
    std::memcpy(h + 6, my_eth_.bytes, 6);
    h[12] = ETHERTYPE_IP >> 8;
    h[13] = ETHERTYPE_IP & 0xff;
    p->set_mac_header(h);
    return p;
}

void ARPQuerier::query(uint32_t ip, const uint8_t* unicast_to, const Packet* cause, Out& out) {
    Packet* q = Packet::make(ARP_FRAME_LENGTH);
    if (!q) return;
    write_ether_arp(q->mutable_data(), unicast_to ? unicast_to : broadcast_eth, my_eth_.bytes, ARP_OP_REQUEST,
                    my_eth_.bytes, my_ip_, zero_eth, ip);
    q->set_mac_header(q->data());
    std::memcpy(q->anno() + anno::vlan_tci, cause->anno() + anno::vlan_tci, 2);
    ++queries_;
    (query_port() == 0 ? out.ip : out.queries).append(q);
}

void ARPQuerier::release(Packet* waiting, const EtherAddress& eth, Out& out) {
    while (waiting) {
        Packet* next = waiting->next();
        waiting->set_next(nullptr);
        if (Packet* q = encap(waiting, eth.bytes)) out.ip.append(q);
        waiting = next;
    }
}

void ARPQuerier::handle_ip(Packet* p, int64_t now, Out& out) {
    uint32_t dst = p->dst_ip_anno();
    if (dst == 0) {
        ++drops_;
        p->kill();
        return;
    }
    uint8_t mac[6];
    uint32_t h = ntohl(dst);
    if (dst == 0xffffffffu || dst == broadcast_) {
        std::memcpy(mac, broadcast_eth, 6);
    } else if ((h >> 28) == 0xe) {  // RFC 1112: 01:00:5e and the group's low 23 bits
        mac[0] = 0x01, mac[1] = 0x00, mac[2] = 0x5e;
        mac[3] = uint8_t((h >> 16) & 0x7f), mac[4] = uint8_t(h >> 8), mac[5] = uint8_t(h);
    } else {
        ArpCache::Entry* e = table_->find(dst);
        if (e && table_->usable(*e, now)) {
            if (poll_timeout_ns_ > 0 && now - e->updated >= poll_timeout_ns_ &&
                now - e->queried >= min_query_interval_ns) {
                e->queried = now;
                query(dst, broadcast_poll_ ? nullptr : e->eth.bytes, p, out);
            }
            if (Packet* q = encap(p, e->eth.bytes)) out.ip.append(q);
            return;
        }
        e = table_->ensure(dst, now);
        bool ask = !e->ever_queried || now - e->queried >= min_query_interval_ns;
        if (ask) {
            e->ever_queried = true;
            e->queried = now;
            query(dst, nullptr, p, out);  // before p waits: the limits may drop it
        }
        table_->enqueue(e, p);
        arm_timer();
        return;
    }
    if (Packet* q = encap(p, mac)) out.ip.append(q);
}

void ARPQuerier::handle_reply(Packet* p, int64_t now, Out& out) {
    ArpHeader a;
    if (read_ether_arp(p, a) && ntohs(a.op) == ARP_OP_REPLY) {
        EtherAddress sha;
        std::memcpy(sha.bytes, a.sha, 6);
        uint32_t spa = a.sender_ip();
        if (spa != 0 && !sha.is_group()) {
            ++responses_;
            release(table_->learn(spa, sha, now), sha, out);
            arm_timer();
        }
    }
    p->kill();
}

void ARPQuerier::send(Out& out) {
    if (!out.ip.empty()) output(0).push_batch(out.ip);
    if (!out.queries.empty()) output(1).push_batch(out.queries);
}

void ARPQuerier::push(int port, Packet* p) {
    Out out;
    if (port == 0)
        handle_ip(p, now_ns(), out);
    else
        handle_reply(p, now_ns(), out);
    send(out);
}

void ARPQuerier::push_batch(int port, PacketBatch& batch) {
    Out out;
    int64_t now = now_ns();
    while (Packet* p = batch.pop_front()) {
        if (port == 0)
            handle_ip(p, now, out);
        else
            handle_reply(p, now, out);
    }
    send(out);
}

void ARPQuerier::take_state(Element* old, ErrorHandler*) {
    auto* o = static_cast<ARPQuerier*>(old);
    if (table_ == &own_cache_ && o->table_ == &o->own_cache_) own_cache_.take(o->own_cache_, now_ns());
    queries_ += o->queries_;
    responses_ += o->responses_;
    drops_ += o->drops_;
    arm_timer();
}

void ARPQuerier::add_handlers() {
    auto number = [](auto get) { return [get](Element*) { return std::to_string(get()) + "\n"; }; };
    add_read_handler("table", [this](Element*) { return table_->table(now_ns()); });
    add_read_handler("stats", [this](Element*) {
        return std::to_string(queries_) + " queries sent\n" + std::to_string(responses_) + " responses received\n" +
               std::to_string(drops_ + table_->drops()) + " packets dropped\n";
    });
    add_read_handler("queries", number([this] { return queries_; }));
    add_read_handler("responses", number([this] { return responses_; }));
    add_read_handler("drops", number([this] { return drops_ + table_->drops(); }));
    add_read_handler("count", number([this] { return table_->size(); }));
    add_read_handler("length", number([this] { return table_->packets(); }));
    add_write_handler("insert", [this](const std::string& v, Element*, ErrorHandler* errh) {
        size_t sp = v.find_first_of(" \t");
        size_t e = sp == std::string::npos ? sp : v.find_first_not_of(" \t", sp);
        IPAddress ip;
        EtherAddress eth;
        std::string why;
        if (sp == std::string::npos || e == std::string::npos || !parse_value(v.substr(0, sp), ip, why) ||
            !parse_value(v.substr(e), eth, why))
            return errh->error("insert: expected 'IP ETH', found '" + v + "'");
        Out out;
        release(table_->learn(ip.addr, eth, now_ns()), eth, out);
        send(out);
        arm_timer();
        return 0;
    });
    add_write_handler("delete", [this](const std::string& v, Element*, ErrorHandler* errh) {
        IPAddress ip;
        std::string why;
        if (!parse_value(v, ip, why)) return errh->error("delete: expected IP address, found '" + v + "'");
        if (!table_->erase(ip.addr)) return errh->error("delete: no entry for " + ip.str());
        return 0;
    });
    add_write_handler(
        "clear",
        [this](const std::string&, Element*, ErrorHandler*) {
            table_->clear();
            return 0;
        },
        HANDLER_BUTTON);
    add_read_handler("ipaddr", [this](Element*) { return IPAddress{my_ip_}.str() + "\n"; });
    add_write_handler("ipaddr", [this](const std::string& v, Element*, ErrorHandler* errh) {
        IPAddress ip;
        std::string why;
        if (!parse_value(v, ip, why)) return errh->error("ipaddr: expected IP address, found '" + v + "'");
        my_ip_ = ip.addr;
        return 0;
    });
    add_read_handler("broadcast",
                     [this](Element*) { return IPAddress{broadcast_ ? broadcast_ : 0xffffffffu}.str() + "\n"; });
}

CLICKOS_ELEMENT(ARPQuerier);

}  // namespace clickos
