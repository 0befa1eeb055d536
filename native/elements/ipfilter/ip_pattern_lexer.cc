#include "ip_pattern_lexer.hh"

#include <cstdio>

namespace clickos::ipfilter {

namespace {

bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '/' ||
           c == '-' || c == '_';
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string describe(char c) {
    if (c > 32 && c < 127) return std::string("'") + c + "'";
    char buf[16];
    std::snprintf(buf, sizeof buf, "byte 0x%02x", unsigned(static_cast<unsigned char>(c)));
    return buf;
}

}  // namespace

bool tokenize(std::string_view text, std::vector<Token>& out, std::string& error, size_t& error_pos) {
    out.clear();
    size_t i = 0;
    auto two = [&](char a, char b) { return text[i] == a && i + 1 < text.size() && text[i + 1] == b; };
    while (i < text.size()) {
        char c = text[i];
        if (is_space(c)) {
            ++i;
            continue;
        }
        size_t start = i;
        Tok kind;
        if (is_word_char(c)) {
            while (i < text.size() && is_word_char(text[i])) ++i;
            std::string_view w = text.substr(start, i - start);
            kind = w == "and" ? Tok::And : w == "or" ? Tok::Or : w == "not" ? Tok::Not : Tok::Word;
            out.push_back({kind, w, start});
            continue;
        }
        size_t n = 1;
        if (two('&', '&')) {
            kind = Tok::And, n = 2;
        } else if (two('|', '|')) {
            kind = Tok::Or, n = 2;
        } else if (two('=', '=') || two('!', '=') || two('<', '=') || two('>', '=')) {
            kind = Tok::Op, n = 2;
        } else {
            switch (c) {
                case '!': kind = Tok::Not; break;
                case '(': kind = Tok::LParen; break;
                case ')': kind = Tok::RParen; break;
                case '&': kind = Tok::Amp; break;
                case '=':
                case '<':
                case '>': kind = Tok::Op; break;
                case '?': kind = Tok::Question; break;
                case ':': kind = Tok::Colon; break;
                case '[': kind = Tok::LBracket; break;
                case ']': kind = Tok::RBracket; break;
                default:
                    error = "unexpected " + describe(c);
                    error_pos = i;
                    return false;
            }
        }
        out.push_back({kind, text.substr(start, n), start});
        i += n;
    }
    out.push_back({Tok::End, std::string_view(), text.size()});
    return true;
}

}  // namespace clickos::ipfilter
