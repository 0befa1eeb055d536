// Splits an IP filter pattern into tokens: words (names, numbers, addresses, prefixes,
// ranges), connectives, comparison operators and brackets, each with its byte offset so
// that errors can point at the column.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace clickos::ipfilter {

enum class Tok : unsigned char {
    Word,      // letters, digits and . / - _
    And,       // "and", "&&"
    Or,        // "or", "||"
    Not,       // "not", "!"
    LParen,    // (
    RParen,    // )
    Amp,       // & (a bit mask follows)
    Op,        // == = != < > <= >=
    Question,  // ? of the ternary operator
    Colon,     // : of the ternary operator, or between POS and LEN in ip[POS:LEN]
    LBracket,  // [
    RBracket,  // ]
    End,
};

struct Token {
    Tok kind;
    std::string_view text;
    size_t pos;  // byte offset in the pattern
};

// Tokens of `text`, ending with an End token; false with `error`/`error_pos` set if a
// character belongs to no token.
bool tokenize(std::string_view text, std::vector<Token>& out, std::string& error, size_t& error_pos);

}  // namespace clickos::ipfilter
