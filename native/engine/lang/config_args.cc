#include "config_args.hh"

#include <cctype>

namespace clickos::lang {

namespace {
bool is_space(char c) {
    return std::isspace(static_cast<unsigned char>(c)) != 0;
}
}  // namespace

Location advance_location(const Location& start, std::string_view text, size_t offset) {
    Location l = start;
    for (size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++l.line;
            l.col = 1;
        } else {
            ++l.col;
        }
    }
    return l;
}

std::vector<ConfigArg> split_config_args(std::string_view s, const Location& start) {
    std::vector<ConfigArg> args;
    std::string cur;
    size_t cur_start = std::string::npos;  // offset of the first non-space character
    int depth = 0;
    // Locations advance from the previous argument's, so long lists (route tables) stay linear.
    size_t loc_offset = 0;
    Location loc_at = start;
    auto location_of = [&](size_t offset) {
        if (offset < loc_offset) {
            loc_offset = 0;
            loc_at = start;
        }
        loc_at = advance_location(loc_at, s.substr(loc_offset), offset - loc_offset);
        loc_offset = offset;
        return loc_at;
    };
    auto finish = [&](bool last) {
        size_t e = cur.size();
        while (e > 0 && is_space(cur[e - 1])) --e;
        size_t b = 0;
        while (b < e && is_space(cur[b])) ++b;
        std::string text = cur.substr(b, e - b);
        if (!(last && text.empty() && (!args.empty() || cur_start == std::string::npos)))
            args.push_back({text, location_of(cur_start == std::string::npos ? 0 : cur_start)});
        cur.clear();
        cur_start = std::string::npos;
    };
    size_t i = 0;
    while (i < s.size()) {
        char c = s[i];
        if (c == '/' && i + 1 < s.size() && s[i + 1] == '/') {
            while (i < s.size() && s[i] != '\n') ++i;
            cur += ' ';
            continue;
        }
        if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
            size_t end = s.find("*/", i + 2);
            i = end == std::string_view::npos ? s.size() : end + 2;
            cur += ' ';
            continue;
        }
        if (cur_start == std::string::npos && !is_space(c) && !(c == ',' && depth == 0)) cur_start = i;
        if (c == '"' || c == '\'') {
            size_t j = i + 1;
            while (j < s.size() && s[j] != c) {
                if (c == '"' && s[j] == '\\') ++j;
                ++j;
            }
            size_t stop = j < s.size() ? j + 1 : s.size();
            cur.append(s.substr(i, stop - i));
            i = stop;
            continue;
        }
        if (c == '\\' && i + 1 < s.size()) {
            cur.append(s.substr(i, 2));
            i += 2;
            continue;
        }
        if (c == '(' || c == '[' || c == '{') ++depth;
        if ((c == ')' || c == ']' || c == '}') && depth > 0) --depth;
        if (c == ',' && depth == 0) {
            finish(false);
            ++i;
            continue;
        }
        cur += c;
        ++i;
    }
    finish(true);
    if (args.size() == 1 && args[0].text.empty()) args.clear();
    return args;
}

std::vector<std::string> split_words(std::string_view arg) {
    std::vector<std::string> words;
    size_t i = 0;
    while (i < arg.size()) {
        while (i < arg.size() && is_space(arg[i])) ++i;
        if (i >= arg.size()) break;
        std::string w;
        while (i < arg.size() && !is_space(arg[i])) {
            char c = arg[i];
            if (c == '"' || c == '\'') {
                size_t j = i + 1;
                while (j < arg.size() && arg[j] != c) {
                    if (c == '"' && arg[j] == '\\') ++j;
                    ++j;
                }
                size_t stop = j < arg.size() ? j + 1 : arg.size();
                w.append(arg.substr(i, stop - i));
                i = stop;
            } else {
                w += c;
                ++i;
            }
        }
        words.push_back(w);
    }
    return words;
}

bool split_keyword(std::string_view arg, std::string& keyword, std::string& rest) {
    size_t i = 0;
    if (arg.empty() || !std::isupper(static_cast<unsigned char>(arg[0]))) return false;
    while (i < arg.size() && (std::isupper(static_cast<unsigned char>(arg[i])) ||
                              std::isdigit(static_cast<unsigned char>(arg[i])) || arg[i] == '_'))
        ++i;
    if (i < arg.size() && !is_space(arg[i])) return false;
    keyword = std::string(arg.substr(0, i));
    while (i < arg.size() && is_space(arg[i])) ++i;
    rest = std::string(arg.substr(i));
    return true;
}

bool split_define_arg(std::string_view arg, std::string& name, std::string& value) {
    if (arg.size() < 2 || arg[0] != '$') return false;
    size_t i = 1;
    while (i < arg.size() && (std::isalnum(static_cast<unsigned char>(arg[i])) || arg[i] == '_')) ++i;
    if (i == 1) return false;
    if (i < arg.size() && !is_space(arg[i])) return false;
    name = std::string(arg.substr(0, i));
    while (i < arg.size() && is_space(arg[i])) ++i;
    value = std::string(arg.substr(i));
    return true;
}

namespace {
int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// One backslash sequence inside double quotes (click(5), "Backslash Substitutions"); `i`
// points at the backslash and is left after the sequence.
void backslash(std::string_view w, size_t& i, std::string& out) {
    ++i;
    if (i >= w.size()) return;
    char e = w[i];
    switch (e) {
        case 'a':
            out += '\a';
            ++i;
            return;
        case 'b':
            out += '\b';
            ++i;
            return;
        case 't':
            out += '\t';
            ++i;
            return;
        case 'n':
            out += '\n';
            ++i;
            return;
        case 'v':
            out += '\v';
            ++i;
            return;
        case 'f':
            out += '\f';
            ++i;
            return;
        case 'r':
            out += '\r';
            ++i;
            return;
        case '\n': ++i; return;  // backslash-newline disappears
        case '\r':
            ++i;
            if (i < w.size() && w[i] == '\n') ++i;
            return;
        case 'x': {
            ++i;
            int v = 0;
            size_t digits = 0;
            while (i < w.size() && hex_value(w[i]) >= 0) {
                v = ((v << 4) | hex_value(w[i])) & 0xff;  // the last two digits count
                ++i;
                ++digits;
            }
            if (digits)
                out += static_cast<char>(v);
            else
                out += 'x';
            return;
        }
        case '<': {
            size_t close = w.find('>', i);
            if (close == std::string_view::npos) break;
            int nibble = -1;
            for (size_t k = i + 1; k < close; ++k) {
                int h = hex_value(w[k]);
                if (h < 0) continue;  // spaces separate bytes
                if (nibble < 0) {
                    nibble = h;
                } else {
                    out += static_cast<char>((nibble << 4) | h);
                    nibble = -1;
                }
            }
            i = close + 1;
            return;
        }
        default: break;
    }
    if (e >= '0' && e <= '7') {
        int v = 0;
        for (int k = 0; k < 3 && i < w.size() && w[i] >= '0' && w[i] <= '7'; ++k, ++i) v = v * 8 + (w[i] - '0');
        out += static_cast<char>(v & 0xff);
        return;
    }
    out += e;
    ++i;
}
}  // namespace

std::string unquote(std::string_view w) {
    std::string out;
    size_t i = 0;
    while (i < w.size()) {
        char c = w[i];
        if (c == '"') {
            ++i;
            while (i < w.size() && w[i] != '"') {
                if (w[i] == '\\')
                    backslash(w, i, out);
                else
                    out += w[i++];
            }
            ++i;
        } else if (c == '\'') {
            ++i;
            while (i < w.size() && w[i] != '\'') out += w[i++];
            ++i;
        } else {
            out += c;
            ++i;
        }
    }
    return out;
}

std::string quote_if_needed(std::string_view s) {
    bool plain = !s.empty();
    for (char c : s)
        plain = plain && (std::isalnum(static_cast<unsigned char>(c)) ||
                          std::string_view("_-.+/@:").find(c) != std::string_view::npos);
    if (plain) return std::string(s);
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20 || c >= 0x7f) {
            // Three octal digits: unlike \x, the escape cannot swallow a following digit.
            out += '\\';
            out += static_cast<char>('0' + (c >> 6));
            out += static_cast<char>('0' + ((c >> 3) & 7));
            out += static_cast<char>('0' + (c & 7));
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

std::string join_args(const std::vector<std::string>& args) {
    std::string s;
    for (size_t i = 0; i < args.size(); ++i) {
        if (i) s += ", ";
        s += args[i];
    }
    return s;
}

}  // namespace clickos::lang
