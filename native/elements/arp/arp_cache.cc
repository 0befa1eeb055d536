#include "arp_cache.hh"

#include <arpa/inet.h>

#include <algorithm>
#include <vector>

#include "clickos/timestamp.hh"

namespace clickos {

void ArpCache::drop_head(Entry& e) {
    Packet* p = e.head;
    e.head = p->next();
    if (!e.head) e.tail = nullptr;
    --e.npackets;
    --npackets_;
    ++drops_;
    p->kill();
}

void ArpCache::remove(std::unordered_map<uint32_t, Entry>::iterator it, bool count_drops) {
    Entry& e = it->second;
    for (Packet* p = e.head; p;) {
        Packet* n = p->next();
        p->kill();
        p = n;
    }
    npackets_ -= e.npackets;
    if (count_drops) drops_ += e.npackets;
    age_.erase(e.age);
    table_.erase(it);
}

void ArpCache::trim_entries(const Entry* keep) {
    while (limits_.entries && table_.size() > limits_.entries && !age_.empty()) {
        auto it = table_.find(age_.front());
        if (&it->second == keep) break;  // only possible with a limit of 0, which means none
        remove(it, true);
    }
}

void ArpCache::trim_packets() {
    // The oldest entries lose their oldest packets first.
    auto a = age_.begin();
    while (limits_.packets && npackets_ > limits_.packets && a != age_.end()) {
        Entry& e = table_.find(*a)->second;
        if (e.head)
            drop_head(e);
        else
            ++a;
    }
}

ArpCache::Entry* ArpCache::ensure(uint32_t ip, int64_t now) {
    auto it = table_.find(ip);
    if (it != table_.end()) {
        Entry& e = it->second;
        if (expired(e, now)) {            // a stale address is no address: ask again
            while (e.head) drop_head(e);  // these have waited a whole timeout already
            e.known = false;
            e.updated = now;
            age_.splice(age_.end(), age_, e.age);
        }
        return &e;
    }
    Entry& e = table_[ip];
    e.ip = ip;
    e.updated = now;
    e.age = age_.insert(age_.end(), ip);
    trim_entries(&e);
    return &e;
}

void ArpCache::enqueue(Entry* e, Packet* p) {
    p->set_next(nullptr);
    if (e->tail)
        e->tail->set_next(p);
    else
        e->head = p;
    e->tail = p;
    ++e->npackets;
    ++npackets_;
    if (limits_.entry_packets && e->npackets > limits_.entry_packets) drop_head(*e);
    trim_packets();
}

Packet* ArpCache::learn(uint32_t ip, const EtherAddress& eth, int64_t now) {
    auto it = table_.find(ip);
    Entry* e;
    if (it == table_.end()) {
        e = &table_[ip];
        e->ip = ip;
        e->age = age_.insert(age_.end(), ip);
    } else {
        e = &it->second;
        age_.splice(age_.end(), age_, e->age);
    }
    e->eth = eth;
    e->known = true;
    e->updated = now;
    Packet* waiting = e->head;
    npackets_ -= e->npackets;
    e->head = e->tail = nullptr;
    e->npackets = 0;
    trim_entries(e);
    return waiting;
}

bool ArpCache::erase(uint32_t ip) {
    auto it = table_.find(ip);
    if (it == table_.end()) return false;
    remove(it, true);
    return true;
}

void ArpCache::clear(bool count_drops) {
    while (!table_.empty()) remove(table_.begin(), count_drops);
}

int64_t ArpCache::next_expiry() const {
    if (limits_.timeout_ns <= 0 || age_.empty()) return 0;
    return table_.find(age_.front())->second.updated + limits_.timeout_ns;
}

int64_t ArpCache::expire(int64_t now) {
    while (!age_.empty()) {
        auto it = table_.find(age_.front());
        if (!expired(it->second, now)) break;
        remove(it, true);
    }
    return next_expiry();
}

void ArpCache::take(ArpCache& old, int64_t now) {
    clear(false);
    for (uint32_t ip : old.age_) {
        Entry& from = old.table_.find(ip)->second;
        Entry& e = table_[ip];
        e = from;
        e.age = age_.insert(age_.end(), ip);
        npackets_ += e.npackets;
        from.head = from.tail = nullptr;
        from.npackets = 0;
    }
    old.npackets_ = 0;
    old.table_.clear();
    old.age_.clear();
    drops_ += old.drops_;
    expire(now);
    trim_entries(nullptr);
    for (auto& [ip, e] : table_)
        while (limits_.entry_packets && e.npackets > limits_.entry_packets) drop_head(e);
    trim_packets();
}

std::string ArpCache::table(int64_t now) const {
    std::vector<const Entry*> v;
    for (const auto& [ip, e] : table_) v.push_back(&e);
    std::sort(v.begin(), v.end(), [](const Entry* a, const Entry* b) { return ntohl(a->ip) < ntohl(b->ip); });
    std::string s;
    static const EtherAddress unknown = [] {
        EtherAddress b;
        for (auto& x : b.bytes) x = 0xff;
        return b;
    }();
    for (const Entry* e : v) {
        bool ok = usable(*e, now);
        s += IPAddress{e->ip}.str() + " " + (ok ? "1 " : "0 ") + (e->known ? e->eth : unknown).str() + " " +
             Timestamp{now - e->updated}.str() + "\n";
    }
    return s;
}

}  // namespace clickos
