#include "clickos/addresses.hh"

#include <arpa/inet.h>

#include <cstdio>
#include <cstring>

namespace clickos {

namespace {
int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Up to four dotted decimal parts; `nparts` receives how many there were.
bool parse_dotted(std::string_view s, uint8_t out[4], int& nparts) {
    nparts = 0;
    size_t i = 0;
    std::memset(out, 0, 4);
    while (nparts < 4) {
        if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
        int v = 0;
        size_t digits = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
            v = v * 10 + (s[i++] - '0');
            if (++digits > 3 || v > 255) return false;
        }
        out[nparts++] = uint8_t(v);
        if (i == s.size()) return true;
        if (s[i] != '.') return false;
        ++i;
    }
    return false;
}
}  // namespace

bool IPAddress::parse(std::string_view s, IPAddress& out) {
    uint8_t b[4];
    int n;
    if (!parse_dotted(s, b, n) || n != 4) return false;
    std::memcpy(&out.addr, b, 4);
    return true;
}

std::string IPAddress::str() const {
    const auto* b = reinterpret_cast<const uint8_t*>(&addr);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
    return buf;
}

bool IPPrefix::parse(std::string_view s, IPPrefix& out) {
    size_t slash = s.find('/');
    std::string_view a = s.substr(0, slash);
    uint8_t b[4];
    int n;
    if (!parse_dotted(a, b, n)) return false;
    std::memcpy(&out.addr.addr, b, 4);
    if (slash == std::string_view::npos) {
        if (n != 4) return false;
        out.mask.addr = 0xffffffffu;
        return true;
    }
    std::string_view m = s.substr(slash + 1);
    if (m.find('.') != std::string_view::npos) {
        if (!IPAddress::parse(m, out.mask)) return false;
    } else {
        if (m.empty() || m.size() > 2) return false;
        int len = 0;
        for (char c : m) {
            if (c < '0' || c > '9') return false;
            len = len * 10 + (c - '0');
        }
        if (len > 32) return false;
        uint32_t host = len == 0 ? 0 : 0xffffffffu << (32 - len);
        out.mask.addr = htonl(host);
    }
    out.addr.addr &= out.mask.addr;
    return true;
}

int IPPrefix::prefix_length() const {
    uint32_t m = ntohl(mask.addr);
    int len = 0;
    while (len < 32 && (m & (0x80000000u >> len))) ++len;
    uint32_t expect = len == 0 ? 0 : 0xffffffffu << (32 - len);
    return m == expect ? len : -1;
}

std::string IPPrefix::str() const {
    int len = prefix_length();
    return addr.str() + "/" + (len >= 0 ? std::to_string(len) : mask.str());
}

bool EtherAddress::parse(std::string_view s, EtherAddress& out) {
    size_t i = 0;
    char sep = 0;
    for (int k = 0; k < 6; ++k) {
        int v = 0;
        size_t digits = 0;
        while (i < s.size() && hexval(s[i]) >= 0 && digits < 2) {
            v = v * 16 + hexval(s[i++]);
            ++digits;
        }
        if (digits == 0) return false;
        out.bytes[k] = uint8_t(v);
        if (k < 5) {
            if (i >= s.size() || (s[i] != ':' && s[i] != '-')) return false;
            if (sep && s[i] != sep) return false;
            sep = s[i++];
        }
    }
    return i == s.size();
}

std::string EtherAddress::str() const {
    char buf[18];
    std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", bytes[0], bytes[1], bytes[2], bytes[3], bytes[4],
                  bytes[5]);
    return buf;
}

bool EtherAddress::is_broadcast() const {
    for (uint8_t b : bytes)
        if (b != 0xff) return false;
    return true;
}

bool operator==(const EtherAddress& a, const EtherAddress& b) {
    return std::memcmp(a.bytes, b.bytes, 6) == 0;
}

}  // namespace clickos
