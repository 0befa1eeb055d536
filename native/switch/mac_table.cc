#include "mac_table.hh"

#include <cstdio>

namespace clickos::sw {

std::string mac_string(uint64_t key) {
    uint8_t m[6];
    std::memcpy(m, &key, 6);
    char buf[18];
    std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
    return buf;
}

bool parse_mac(const std::string& s, uint64_t& key) {
    uint8_t m[6];
    unsigned v[6];
    char tail;
    if (std::sscanf(s.c_str(), "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &tail) != 6)
        return false;
    for (int i = 0; i < 6; ++i) m[i] = uint8_t(v[i]);
    key = mac_key(m);
    return true;
}

void MacTable::forget_port(int port) {
    for (auto it = entries_.begin(); it != entries_.end();) {
        if (it->second.port == port) {
            it = entries_.erase(it);
            ++generation_;
        } else
            ++it;
    }
}

void MacTable::age(int64_t now_ns, int64_t max_age_ns) {
    for (auto it = entries_.begin(); it != entries_.end();) {
        if (!it->second.is_static && now_ns - it->second.last_seen_ns > max_age_ns) {
            it = entries_.erase(it);
            ++generation_;
        } else
            ++it;
    }
}

}  // namespace clickos::sw
