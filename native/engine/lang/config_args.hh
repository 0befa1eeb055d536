// Click's argument syntax: a configuration string is a comma-separated list of arguments;
// commas inside quotes, comments, parentheses, brackets and braces do not split.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "location.hh"

namespace clickos::lang {

struct ConfigArg {
    std::string text;  // comments replaced by a space, outer whitespace trimmed
    Location loc;      // where the argument starts in the source
};

// Splits a configuration string. An empty last argument is dropped, as Click does.
std::vector<ConfigArg> split_config_args(std::string_view config, const Location& start);

// Splits at unquoted whitespace ("KEYWORD value" -> {"KEYWORD", "value"}).
std::vector<std::string> split_words(std::string_view arg);

// The first word, if it is a keyword (upper-case letters, digits and '_', starting with a
// letter); `rest` gets what follows it, trimmed.
bool split_keyword(std::string_view arg, std::string& keyword, std::string& rest);

// `$NAME value` of define(); false if the argument has another shape.
bool split_define_arg(std::string_view arg, std::string& name, std::string& value);

// Removes one level of double or single quotes (with backslash escapes inside "").
std::string unquote(std::string_view word);

// The word as written in a configuration: as is if plain, else double-quoted with escapes.
std::string quote_if_needed(std::string_view s);

// The location `offset` bytes into text that starts at `start`.
Location advance_location(const Location& start, std::string_view text, size_t offset);

// Joins arguments back into a configuration string.
std::string join_args(const std::vector<std::string>& args);

}  // namespace clickos::lang
