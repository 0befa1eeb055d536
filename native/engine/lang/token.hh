// Tokens of the Click language (see docs/click-language.md for the grammar).
#pragma once
#include <string>

#include "location.hh"

namespace clickos::lang {

enum class Tok {
    End,
    Identifier,   // element or class name, keyword-free
    Number,       // all digits (port numbers)
    Variable,     // $name, only meaningful in compound formals
    Arrow,        // ->
    DoubleArrow,  // =>
    ColonColon,   // ::
    Semicolon,
    Comma,
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Bar,       // |
    BarBar,    // ||
    Ellipsis,  // ...
    KwElementclass,
    KwRequire,
    KwProvide,
    KwDefine,
    Invalid,  // a character that starts no token; the lexer has reported it
};

const char* token_name(Tok t);

struct Token {
    Tok kind = Tok::End;
    std::string text;
    Location loc;
    size_t begin = 0;  // byte offsets into the source
    size_t end = 0;
};

}  // namespace clickos::lang
