// Click lexer: tokens on demand, plus raw configuration strings, which follow their own
// rules (balanced parentheses, quotes and comments) and are read when the parser asks.
#pragma once
#include <string>
#include <string_view>

#include "diagnostics.hh"
#include "token.hh"

namespace clickos::lang {

class Lexer {
  public:
    Lexer(std::string_view source, std::string file, Diagnostics& diag);

    // Next token; Tok::End at end of input (repeatedly).
    Token next();

    // Call right after next() returned a LParen: reads the raw configuration string up to
    // the matching ')', which is consumed. On an unterminated string, reports the error at
    // the '(' and returns what was read.
    std::string read_config(const Token& lparen, Location& text_loc);

    // Save and restore the whole lexing position (for the parser's lookahead).
    struct State {
        size_t pos;
        int line;
        int col;
        std::string file;
        bool line_start;
    };
    State save() const { return {pos_, line_, col_, file_, line_start_}; }
    void restore(const State& s);

  private:
    char peek(size_t ahead = 0) const { return pos_ + ahead < src_.size() ? src_[pos_ + ahead] : '\0'; }
    bool at_end() const { return pos_ >= src_.size(); }
    void advance(size_t n = 1);
    Location here() const { return {file_, line_, col_}; }
    // Skips whitespace, comments and line directives; reports unterminated comments.
    void skip_space();
    bool try_line_directive();
    Token next_token();
    Token make(Tok kind, size_t begin, const Location& loc, std::string text = {});

    std::string_view src_;
    size_t pos_ = 0;
    int line_ = 1;
    int col_ = 1;
    std::string file_;
    bool line_start_ = true;
    Diagnostics& diag_;
};

bool is_identifier_char(char c);

}  // namespace clickos::lang
