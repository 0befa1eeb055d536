#include "lexer.hh"

#include <cctype>

namespace clickos::lang {

const char* token_name(Tok t) {
    switch (t) {
        case Tok::End: return "end of file";
        case Tok::Identifier: return "identifier";
        case Tok::Number: return "number";
        case Tok::Variable: return "variable";
        case Tok::Arrow: return "'->'";
        case Tok::DoubleArrow: return "'=>'";
        case Tok::ColonColon: return "'::'";
        case Tok::Semicolon: return "';'";
        case Tok::Comma: return "','";
        case Tok::LParen: return "'('";
        case Tok::RParen: return "')'";
        case Tok::LBracket: return "'['";
        case Tok::RBracket: return "']'";
        case Tok::LBrace: return "'{'";
        case Tok::RBrace: return "'}'";
        case Tok::Bar: return "'|'";
        case Tok::BarBar: return "'||'";
        case Tok::Ellipsis: return "'...'";
        case Tok::KwElementclass: return "'elementclass'";
        case Tok::KwRequire: return "'require'";
        case Tok::KwProvide: return "'provide'";
        case Tok::KwDefine: return "'define'";
        case Tok::Invalid: return "invalid character";
    }
    return "token";
}

bool is_identifier_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '@' || c == '/';
}

Lexer::Lexer(std::string_view source, std::string file, Diagnostics& diag)
    : src_(source), file_(std::move(file)), diag_(diag) {}

void Lexer::restore(const State& s) {
    pos_ = s.pos;
    line_ = s.line;
    col_ = s.col;
    file_ = s.file;
    line_start_ = s.line_start;
}

void Lexer::advance(size_t n) {
    while (n-- > 0 && pos_ < src_.size()) {
        char c = src_[pos_++];
        if (c == '\n') {
            ++line_;
            col_ = 1;
            line_start_ = true;
        } else {
            ++col_;
            if (!std::isspace(static_cast<unsigned char>(c))) line_start_ = false;
        }
    }
}

// `# 12 "file"` or `#line 12 "file"` at the start of a line changes the reported location.
bool Lexer::try_line_directive() {
    size_t p = pos_ + 1;
    auto skip_blank = [&] {
        while (p < src_.size() && (src_[p] == ' ' || src_[p] == '\t')) ++p;
    };
    skip_blank();
    if (src_.compare(p, 4, "line") == 0) p += 4;
    skip_blank();
    if (p >= src_.size() || !std::isdigit(static_cast<unsigned char>(src_[p]))) return false;
    long number = 0;
    while (p < src_.size() && std::isdigit(static_cast<unsigned char>(src_[p])) && number < 100000000)
        number = number * 10 + (src_[p++] - '0');
    skip_blank();
    std::string file;
    bool has_file = false;
    if (p < src_.size() && src_[p] == '"') {
        size_t q = p + 1;
        while (q < src_.size() && src_[q] != '"' && src_[q] != '\n') file += src_[q++];
        if (q < src_.size() && src_[q] == '"') {
            has_file = true;
            p = q + 1;
        }
    }
    while (p < src_.size() && src_[p] != '\n') ++p;
    // Consume through the newline; the next line gets the directive's number.
    advance(p - pos_ + (p < src_.size() ? 1 : 0));
    line_ = static_cast<int>(number);
    col_ = 1;
    if (has_file) file_ = file;
    return true;
}

void Lexer::skip_space() {
    for (;;) {
        char c = peek();
        if (c == '\0' && at_end()) return;
        if (std::isspace(static_cast<unsigned char>(c))) {
            advance();
        } else if (c == '/' && peek(1) == '/') {
            while (!at_end() && peek() != '\n') advance();
        } else if (c == '/' && peek(1) == '*') {
            Location start = here();
            advance(2);
            while (!at_end() && !(peek() == '*' && peek(1) == '/')) advance();
            if (at_end()) {
                diag_.error(start, "unterminated comment: '/*' without '*/'");
                return;
            }
            advance(2);
        } else if (c == '#' && line_start_) {
            if (!try_line_directive()) {
                // Not a directive: a stray '#'; the caller reports it as a token.
                return;
            }
        } else {
            return;
        }
    }
}

Token Lexer::make(Tok kind, size_t begin, const Location& loc, std::string text) {
    Token t;
    t.kind = kind;
    t.begin = begin;
    t.end = pos_;
    t.loc = loc;
    t.text = text.empty() ? std::string(src_.substr(begin, pos_ - begin)) : std::move(text);
    return t;
}

Token Lexer::next() {
    // A character that starts no token is reported once and skipped, so the parser sees
    // the tokens around it and does not report the same spot again.
    for (;;) {
        Token t = next_token();
        if (t.kind != Tok::Invalid) return t;
    }
}

Token Lexer::next_token() {
    skip_space();
    Location loc = here();
    size_t begin = pos_;
    if (at_end()) return make(Tok::End, begin, loc, "");
    char c = peek();
    char c1 = peek(1);
    auto two = [&](Tok k) {
        advance(2);
        return make(k, begin, loc);
    };
    auto one = [&](Tok k) {
        advance(1);
        return make(k, begin, loc);
    };
    if (c == '-' && c1 == '>') return two(Tok::Arrow);
    if (c == '=' && c1 == '>') return two(Tok::DoubleArrow);
    if (c == ':' && c1 == ':') return two(Tok::ColonColon);
    if (c == '|' && c1 == '|') return two(Tok::BarBar);
    if (c == '.' && c1 == '.' && peek(2) == '.') {
        advance(3);
        return make(Tok::Ellipsis, begin, loc);
    }
    switch (c) {
        case ';': return one(Tok::Semicolon);
        case ',': return one(Tok::Comma);
        case '(': return one(Tok::LParen);
        case ')': return one(Tok::RParen);
        case '[': return one(Tok::LBracket);
        case ']': return one(Tok::RBracket);
        case '{': return one(Tok::LBrace);
        case '}': return one(Tok::RBrace);
        case '|': return one(Tok::Bar);
        default: break;
    }
    if (c == '$') {
        advance();
        std::string name;
        if (peek() == '{') {
            // ${name} in formals: accept the braced form too.
            advance();
            while (!at_end() && (std::isalnum(static_cast<unsigned char>(peek())) || peek() == '_')) {
                name += peek();
                advance();
            }
            if (peek() == '}') advance();
        } else {
            while (!at_end() && (std::isalnum(static_cast<unsigned char>(peek())) || peek() == '_')) {
                name += peek();
                advance();
            }
        }
        if (name.empty()) {
            diag_.error(loc, "syntax error: '$' must be followed by a parameter name");
            return make(Tok::Invalid, begin, loc);
        }
        return make(Tok::Variable, begin, loc, "$" + name);
    }
    if (is_identifier_char(c) && c != '/') {
        // Identifiers end at a comment ("//" or "/*") and may not end with a slash.
        while (!at_end() && is_identifier_char(peek())) {
            if (peek() == '/' && (peek(1) == '/' || peek(1) == '*')) break;
            advance();
        }
        std::string text(src_.substr(begin, pos_ - begin));
        bool all_digits = true;
        for (char ch : text) all_digits = all_digits && std::isdigit(static_cast<unsigned char>(ch));
        if (all_digits) return make(Tok::Number, begin, loc, text);
        if (text == "elementclass") return make(Tok::KwElementclass, begin, loc, text);
        if (text == "require") return make(Tok::KwRequire, begin, loc, text);
        if (text == "provide") return make(Tok::KwProvide, begin, loc, text);
        if (text == "define") return make(Tok::KwDefine, begin, loc, text);
        // Each slash-separated component must contain a non-digit, and none may be empty.
        bool bad = text.back() == '/';
        size_t start = 0;
        while (!bad && start <= text.size()) {
            size_t slash = text.find('/', start);
            std::string comp = text.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
            bool digits = !comp.empty();
            for (char ch : comp) digits = digits && std::isdigit(static_cast<unsigned char>(ch));
            if (comp.empty() || digits) bad = true;
            if (slash == std::string::npos) break;
            start = slash + 1;
        }
        if (bad) diag_.error(loc, "invalid identifier '" + text + "'");
        return make(Tok::Identifier, begin, loc, text);
    }
    advance();
    std::string shown = (std::isprint(static_cast<unsigned char>(c)) ? std::string(1, c) : "\\x" + [&] {
        const char* hex = "0123456789abcdef";
        return std::string{hex[(c >> 4) & 15], hex[c & 15]};
    }());
    diag_.error(loc, "syntax error: unexpected character '" + shown + "'");
    return make(Tok::Invalid, begin, loc);
}

std::string Lexer::read_config(const Token& lparen, Location& text_loc) {
    text_loc = here();
    size_t begin = pos_;
    int depth = 0;
    for (;;) {
        if (at_end()) {
            diag_.error(lparen.loc, "unterminated configuration string: '(' without matching ')'");
            return std::string(src_.substr(begin));
        }
        char c = peek();
        if (c == ')' && depth == 0) {
            std::string text(src_.substr(begin, pos_ - begin));
            advance();
            return text;
        }
        if (c == '(') {
            ++depth;
            advance();
        } else if (c == ')') {
            --depth;
            advance();
        } else if (c == '/' && peek(1) == '/') {
            while (!at_end() && peek() != '\n') advance();
        } else if (c == '/' && peek(1) == '*') {
            Location start = here();
            advance(2);
            while (!at_end() && !(peek() == '*' && peek(1) == '/')) advance();
            if (at_end()) {
                diag_.error(start, "unterminated comment: '/*' without '*/'");
                return std::string(src_.substr(begin));
            }
            advance(2);
        } else if (c == '"' || c == '\'') {
            Location start = here();
            advance();
            while (!at_end() && peek() != c) {
                if (c == '"' && peek() == '\\') advance();
                advance();
            }
            if (at_end()) {
                diag_.error(start, std::string("unterminated string: ") + c + " without closing " + c);
                return std::string(src_.substr(begin));
            }
            advance();
        } else {
            advance();
        }
    }
}

}  // namespace clickos::lang
