#include "variables.hh"

#include <cctype>

#include "config_args.hh"

namespace clickos::lang {

namespace {
bool name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}
}  // namespace

std::string substitute_variables(std::string_view s, const Location& start, const VariableLookup& lookup,
                                 Diagnostics& diag, bool report_undefined) {
    if (s.find('$') == std::string_view::npos) return std::string(s);
    std::string out;
    out.reserve(s.size());
    size_t i = 0;
    while (i < s.size()) {
        char c = s[i];
        if (c == '\'') {
            size_t end = s.find('\'', i + 1);
            size_t stop = end == std::string_view::npos ? s.size() : end + 1;
            out.append(s.substr(i, stop - i));
            i = stop;
            continue;
        }
        if (c == '/' && i + 1 < s.size() && (s[i + 1] == '/' || s[i + 1] == '*')) {
            size_t stop = s[i + 1] == '/' ? s.find('\n', i) : s.find("*/", i + 2);
            stop = stop == std::string_view::npos ? s.size() : (s[i + 1] == '/' ? stop : stop + 2);
            out.append(s.substr(i, stop - i));
            i = stop;
            continue;
        }
        if (c == '\\' && i + 1 < s.size()) {
            out.append(s.substr(i, 2));
            i += 2;
            continue;
        }
        if (c != '$') {
            out += c;
            ++i;
            continue;
        }
        size_t ref_start = i;
        std::string name;
        std::optional<std::string> fallback;
        size_t j = i + 1;
        if (j < s.size() && s[j] == '{') {
            size_t k = j + 1;
            while (k < s.size() && name_char(s[k])) ++k;
            name = std::string(s.substr(j + 1, k - j - 1));
            if (k < s.size() && s[k] == '-') {
                size_t close = s.find('}', k);
                if (close == std::string_view::npos) {
                    out += c;
                    ++i;
                    continue;
                }
                fallback = std::string(s.substr(k + 1, close - k - 1));
                k = close;
            }
            if (k >= s.size() || s[k] != '}' || name.empty()) {
                out += c;
                ++i;
                continue;
            }
            j = k + 1;
        } else {
            size_t k = j;
            while (k < s.size() && name_char(s[k])) ++k;
            name = std::string(s.substr(j, k - j));
            j = k;
        }
        if (name.empty()) {
            out += c;
            ++i;
            continue;
        }
        auto value = lookup("$" + name);
        if (value) {
            out += *value;
        } else if (fallback) {
            out += *fallback;
        } else {
            if (report_undefined)
                diag.error(advance_location(start, s, ref_start), "undefined parameter '$" + name + "'");
            out.append(s.substr(ref_start, j - ref_start));
        }
        i = j;
    }
    return out;
}

}  // namespace clickos::lang
