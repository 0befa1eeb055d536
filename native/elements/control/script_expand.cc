#include "script_expand.hh"

#include <cctype>

namespace clickos::script {

namespace {

constexpr int max_depth = 32;  // nested $( ... ) levels

bool is_name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Index of the ')' closing the '(' at `open`, skipping quoted text; npos if none.
size_t matching_paren(std::string_view s, size_t open) {
    int depth = 0;
    for (size_t i = open; i < s.size(); ++i) {
        char c = s[i];
        if (c == '\'' || c == '"') {
            size_t j = i + 1;
            while (j < s.size() && s[j] != c) j += (c == '"' && s[j] == '\\') ? 2 : 1;
            if (j >= s.size()) return std::string_view::npos;
            i = j;
        } else if (c == '(') {
            ++depth;
        } else if (c == ')' && --depth == 0) {
            return i;
        }
    }
    return std::string_view::npos;
}

void insert(std::string& out, const std::string& value, bool in_double_quotes, bool protect) {
    if (!in_double_quotes && !protect) {
        out += value;
        return;
    }
    if (!in_double_quotes) out += '"';
    for (char c : value) {
        if (c == '\\' || c == '"') out += '\\';
        out += c;
    }
    if (!in_double_quotes) out += '"';
}

std::string expand_at(std::string_view s, const Expander& x, int depth, bool protect) {
    std::string out;
    char quote = 0;
    for (size_t i = 0; i < s.size();) {
        char c = s[i];
        if (quote == '\'') {
            out += c;
            if (c == '\'') quote = 0;
            ++i;
            continue;
        }
        if (c == '\\' && quote == '"' && i + 1 < s.size()) {
            out.append(s.substr(i, 2));
            i += 2;
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = quote == c ? 0 : (quote ? quote : c);
            out += c;
            ++i;
            continue;
        }
        if (c != '$' || i + 1 >= s.size()) {
            out += c;
            ++i;
            continue;
        }
        bool dq = quote == '"';
        char n = s[i + 1];
        std::string value;
        if (n == '(') {
            size_t close = matching_paren(s, i + 1);
            if (close == std::string_view::npos || depth >= max_depth) {
                out += c;
                ++i;
                continue;
            }
            std::string inner = expand_at(s.substr(i + 2, close - i - 2), x, depth + 1, false);
            if (x.call && x.call(inner, value)) {
                while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
                insert(out, value, dq, protect);
            } else {
                out.append(s.substr(i, close + 1 - i));
            }
            i = close + 1;
            continue;
        }
        size_t start, end, next;
        if (n == '{') {
            start = i + 2;
            end = s.find('}', start);
            if (end == std::string_view::npos) {
                out += c;
                ++i;
                continue;
            }
            next = end + 1;
        } else if (n == '?' || n == '#') {
            start = i + 1;
            end = next = i + 2;
        } else if (is_name_char(n)) {
            start = i + 1;
            end = start;
            while (end < s.size() && is_name_char(s[end])) ++end;
            next = end;
        } else {
            out += c;
            ++i;
            continue;
        }
        std::string name(s.substr(start, end - start));
        if (x.variable && x.variable(name, value))
            insert(out, value, dq, protect);
        else
            out.append(s.substr(i, next - i));
        i = next;
    }
    return out;
}

}  // namespace

std::string expand(std::string_view text, const Expander& x) {
    return expand_at(text, x, 0, x.protect);
}

std::string pop_word(std::string_view text, std::string& rest) {
    size_t i = 0;
    while (i < text.size() && is_space(text[i])) ++i;
    size_t start = i;
    while (i < text.size() && !is_space(text[i])) {
        char c = text[i];
        if (c == '\'' || c == '"') {
            size_t j = i + 1;
            while (j < text.size() && text[j] != c) j += (c == '"' && text[j] == '\\') ? 2 : 1;
            i = j < text.size() ? j + 1 : text.size();
        } else if (c == '(') {
            size_t close = matching_paren(text, i);
            i = close == std::string_view::npos ? i + 1 : close + 1;
        } else {
            ++i;
        }
    }
    std::string word(text.substr(start, i - start));
    while (i < text.size() && is_space(text[i])) ++i;
    size_t end = text.size();
    while (end > i && is_space(text[end - 1])) --end;
    rest = std::string(text.substr(i, end - i));
    return word;
}

}  // namespace clickos::script
