#include "clickos/args.hh"
#include "esp.hh"

namespace clickos {

namespace {
int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
}  // namespace

bool parse_value(std::string_view s, IPsecKey& key, std::string& why) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) s.remove_suffix(1);
    if (!s.empty() && s.front() == '"') {
        key.bytes = unquote(s);
    } else {
        if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s.remove_prefix(2);
        key.bytes.clear();
        int high = -1;
        for (char c : s) {
            if (c == ' ' || c == '\t' || c == '\n') continue;
            int v = hex_digit(c);
            if (v < 0) {
                why = "expected a key in hex digits or a quoted string";
                return false;
            }
            if (high < 0) {
                high = v;
            } else {
                key.bytes += char(high << 4 | v);
                high = -1;
            }
        }
        if (high >= 0) {
            why = "odd number of hex digits in key";
            return false;
        }
    }
    if (key.bytes.empty()) {
        why = "empty key";
        return false;
    }
    return true;
}

}  // namespace clickos
