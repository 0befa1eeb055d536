#include "json_line.hh"

#include <cctype>
#include <cstdio>

namespace clickos::netfront {

namespace {
struct Reader {
    const std::string& s;
    size_t i = 0;
    std::string error;
    void space() {
        while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    }
    bool fail(const std::string& what) {
        if (error.empty()) error = what + " at offset " + std::to_string(i);
        return false;
    }
    bool string(std::string& out) {
        if (i >= s.size() || s[i] != '"') return fail("expected string");
        ++i;
        while (i < s.size() && s[i] != '"') {
            char c = s[i++];
            if (c != '\\') {
                out += c;
                continue;
            }
            if (i >= s.size()) return fail("bad escape");
            char e = s[i++];
            switch (e) {
                case 'n': out += '\n'; break;
                case 't': out += '\t'; break;
                case 'r': out += '\r'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'u': {
                    if (i + 4 > s.size()) return fail("bad \\u escape");
                    unsigned v = 0;
                    for (int k = 0; k < 4; ++k) {
                        char h = s[i++];
                        v = v * 16 + unsigned(std::isdigit(static_cast<unsigned char>(h))
                                                  ? h - '0'
                                                  : (std::tolower(h) - 'a' + 10));
                    }
                    if (v < 0x80)
                        out += char(v);
                    else if (v < 0x800)
                        out += char(0xc0 | (v >> 6)), out += char(0x80 | (v & 0x3f));
                    else
                        out += char(0xe0 | (v >> 12)), out += char(0x80 | ((v >> 6) & 0x3f)),
                            out += char(0x80 | (v & 0x3f));
                    break;
                }
                default: out += e;
            }
        }
        if (i >= s.size()) return fail("unterminated string");
        ++i;
        return true;
    }
    // Skips a nested value, returning its text.
    bool nested(std::string& out) {
        size_t start = i;
        int depth = 0;
        bool in_string = false;
        for (; i < s.size(); ++i) {
            char c = s[i];
            if (in_string) {
                if (c == '\\')
                    ++i;
                else if (c == '"')
                    in_string = false;
                continue;
            }
            if (c == '"')
                in_string = true;
            else if (c == '{' || c == '[')
                ++depth;
            else if (c == '}' || c == ']') {
                if (--depth == 0) {
                    ++i;
                    out = s.substr(start, i - start);
                    return true;
                }
            }
        }
        return fail("unterminated value");
    }
};
}  // namespace

bool parse_json_object(const std::string& line, std::map<std::string, JsonValue>& out, std::string& error) {
    Reader r{line, 0, {}};
    r.space();
    if (r.i >= line.size() || line[r.i] != '{') {
        error = "expected a JSON object";
        return false;
    }
    ++r.i;
    r.space();
    if (r.i < line.size() && line[r.i] == '}') {
        ++r.i;
        return true;
    }
    for (;;) {
        r.space();
        std::string key;
        if (!r.string(key)) break;
        r.space();
        if (r.i >= line.size() || line[r.i] != ':') {
            r.fail("expected ':'");
            break;
        }
        ++r.i;
        r.space();
        JsonValue v;
        if (r.i >= line.size()) {
            r.fail("expected value");
            break;
        }
        char c = line[r.i];
        if (c == '"') {
            v.kind = JsonValue::String;
            if (!r.string(v.text)) break;
        } else if (c == '{' || c == '[') {
            v.kind = JsonValue::Raw;
            if (!r.nested(v.text)) break;
        } else if (c == '-' || std::isdigit(static_cast<unsigned char>(c))) {
            v.kind = JsonValue::Number;
            size_t start = r.i++;
            while (r.i < line.size() && (std::isdigit(static_cast<unsigned char>(line[r.i])) || line[r.i] == '.' ||
                                         line[r.i] == 'e' || line[r.i] == 'E' || line[r.i] == '+' || line[r.i] == '-'))
                ++r.i;
            v.text = line.substr(start, r.i - start);
        } else if (line.compare(r.i, 4, "true") == 0) {
            v.kind = JsonValue::Bool, v.boolean = true, r.i += 4;
        } else if (line.compare(r.i, 5, "false") == 0) {
            v.kind = JsonValue::Bool, r.i += 5;
        } else if (line.compare(r.i, 4, "null") == 0) {
            r.i += 4;
        } else {
            r.fail("unexpected character");
            break;
        }
        out[key] = v;
        r.space();
        if (r.i < line.size() && line[r.i] == ',') {
            ++r.i;
            continue;
        }
        if (r.i < line.size() && line[r.i] == '}') {
            ++r.i;
            r.space();
            if (r.i != line.size()) r.fail("text after the object");
            break;
        }
        r.fail("expected ',' or '}'");
        break;
    }
    if (!r.error.empty()) {
        error = r.error;
        return false;
    }
    return true;
}

std::string json_quote(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += char(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out += char(c);
        }
    }
    return out + "\"";
}

std::string json_string(const std::map<std::string, JsonValue>& o, const std::string& key,
                        const std::string& fallback) {
    auto it = o.find(key);
    return it != o.end() && it->second.kind == JsonValue::String ? it->second.text : fallback;
}

std::optional<int64_t> json_int(const std::map<std::string, JsonValue>& o, const std::string& key) {
    auto it = o.find(key);
    if (it == o.end() || it->second.kind != JsonValue::Number) return std::nullopt;
    const std::string& t = it->second.text;
    if (t.empty() || t.size() > 18 || t.find_first_of(".eE") != std::string::npos) return std::nullopt;
    int64_t v = 0;
    size_t i = t[0] == '-' ? 1 : 0;
    if (i == t.size()) return std::nullopt;
    for (; i < t.size(); ++i) {
        if (!std::isdigit(static_cast<unsigned char>(t[i]))) return std::nullopt;
        v = v * 10 + (t[i] - '0');
    }
    return t[0] == '-' ? -v : v;
}

bool json_bool(const std::map<std::string, JsonValue>& o, const std::string& key, bool fallback) {
    auto it = o.find(key);
    return it != o.end() && it->second.kind == JsonValue::Bool ? it->second.boolean : fallback;
}

}  // namespace clickos::netfront
