// The switch control protocol speaks one JSON object per line. This is just enough JSON for
// it: flat request objects (strings, integers, booleans) and a writer for replies.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace clickos::netfront {

struct JsonValue {
    enum Kind { String, Number, Bool, Null, Raw } kind = Null;
    std::string text;  // String: the string; Number: the digits; Raw: nested JSON as written
    bool boolean = false;
};

// Parses `{"k": v, ...}`; nested objects and arrays are kept as Raw text. False with `error`
// on anything else.
bool parse_json_object(const std::string& line, std::map<std::string, JsonValue>& out, std::string& error);

std::string json_quote(const std::string& s);

// Accessors with defaults.
std::string json_string(const std::map<std::string, JsonValue>& o, const std::string& key,
                        const std::string& fallback = "");
std::optional<int64_t> json_int(const std::map<std::string, JsonValue>& o, const std::string& key);
bool json_bool(const std::map<std::string, JsonValue>& o, const std::string& key, bool fallback = false);

}  // namespace clickos::netfront
