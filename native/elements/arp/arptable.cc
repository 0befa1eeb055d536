#include "arptable.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/timestamp.hh"

namespace clickos {

namespace {
int64_t now_ns() {
    return Timestamp::now_steady().ns;
}
}  // namespace

int ARPTable::configure(Args& args) {
    ArpCache::Limits limits;
    Seconds timeout{Timestamp{limits.timeout_ns}};
    if (args.read("CAPACITY", limits.packets)
            .read("ENTRY_CAPACITY", limits.entries)
            .read("TIMEOUT", timeout)
            .complete() < 0)
        return -1;
    limits.timeout_ns = timeout.value.ns;
    cache_.set_limits(limits);
    return 0;
}

int ARPTable::initialize(ErrorHandler*) {
    expire_timer_.initialize(this);
    return 0;
}

void ARPTable::cleanup(CleanupStage) {
    expire_timer_.unschedule();
    cache_.clear(false);
}

void ARPTable::arm_timer() {
    if (expire_timer_.scheduled()) return;
    if (int64_t when = cache_.next_expiry()) expire_timer_.schedule_at(Timestamp{when});
}

void ARPTable::run_timer(Timer*) {
    if (int64_t next = cache_.expire(now_ns())) expire_timer_.schedule_at(Timestamp{next});
}

void ARPTable::take_state(Element* old, ErrorHandler*) {
    cache_.take(static_cast<ARPTable*>(old)->cache_, now_ns());
    arm_timer();
}

void ARPTable::add_handlers() {
    add_read_handler("table", [this](Element*) { return cache_.table(now_ns()); });
    add_read_handler("drops", [this](Element*) { return std::to_string(cache_.drops()) + "\n"; });
    add_read_handler("count", [this](Element*) { return std::to_string(cache_.size()) + "\n"; });
    add_write_handler("insert", [this](const std::string& v, Element*, ErrorHandler* errh) {
        size_t sp = v.find_first_of(" \t");
        size_t e = sp == std::string::npos ? sp : v.find_first_not_of(" \t", sp);
        IPAddress ip;
        EtherAddress eth;
        std::string why;
        if (sp == std::string::npos || e == std::string::npos || !parse_value(v.substr(0, sp), ip, why) ||
            !parse_value(v.substr(e), eth, why))
            return errh->error("insert: expected 'IP ETH', found '" + v + "'");
        // Packets waiting for this address have no one to go to without an ARPQuerier.
        for (Packet* p = cache_.learn(ip.addr, eth, now_ns()); p;) {
            Packet* n = p->next();
            p->kill();
            p = n;
        }
        arm_timer();
        return 0;
    });
    add_write_handler("delete", [this](const std::string& v, Element*, ErrorHandler* errh) {
        IPAddress ip;
        std::string why;
        if (!parse_value(v, ip, why)) return errh->error("delete: expected IP address, found '" + v + "'");
        if (!cache_.erase(ip.addr)) return errh->error("delete: no entry for " + ip.str());
        return 0;
    });
    add_write_handler(
        "clear",
        [this](const std::string&, Element*, ErrorHandler*) {
            cache_.clear();
            return 0;
        },
        HANDLER_BUTTON);
}

CLICKOS_ELEMENT(ARPTable);

}  // namespace clickos
