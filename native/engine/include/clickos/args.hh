// Configuration arguments: elements declare what they read, then complete() matches the
// configuration string against the declarations (positional arguments in order, keywords
// anywhere), parses every value and reports each problem at the argument's file:line:col.
//
//   int configure(Args& args) override {
//       return args.read_mp("CAPACITY", capacity_).read("BURST", burst_).complete();
//   }
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "clickos/addresses.hh"
#include "clickos/error.hh"
#include "clickos/location.hh"
#include "clickos/timestamp.hh"

namespace clickos {

class Element;

// Value types with their own syntax.
struct Seconds {  // "1.5", "1.5s", "10ms", "250us", "2min", "1h"; stored in nanoseconds
    Timestamp value;
};
struct Bandwidth {  // "10Mbps" (bits), "1MBps" or bare numbers (bytes per second)
    double bytes_per_sec = 0;
};
struct AnnoOffset {  // an annotation name (PAINT, DST_IP, ...) or a byte offset
    size_t offset = 0;
};
struct Word {  // one unquoted word, no spaces
    std::string text;
};
struct RawArg {  // the argument exactly as written (comments removed)
    std::string text;
};

// Parsers: return false with `why` set ("expected integer").
bool parse_value(std::string_view s, bool& v, std::string& why);
bool parse_value(std::string_view s, int32_t& v, std::string& why);
bool parse_value(std::string_view s, uint32_t& v, std::string& why);
bool parse_value(std::string_view s, int64_t& v, std::string& why);
bool parse_value(std::string_view s, uint64_t& v, std::string& why);
bool parse_value(std::string_view s, uint16_t& v, std::string& why);
bool parse_value(std::string_view s, uint8_t& v, std::string& why);
bool parse_value(std::string_view s, double& v, std::string& why);
bool parse_value(std::string_view s, std::string& v, std::string& why);  // unquoted string
bool parse_value(std::string_view s, Word& v, std::string& why);
bool parse_value(std::string_view s, RawArg& v, std::string& why);
bool parse_value(std::string_view s, IPAddress& v, std::string& why);
bool parse_value(std::string_view s, IPPrefix& v, std::string& why);
bool parse_value(std::string_view s, EtherAddress& v, std::string& why);
bool parse_value(std::string_view s, Seconds& v, std::string& why);
bool parse_value(std::string_view s, Bandwidth& v, std::string& why);
bool parse_value(std::string_view s, AnnoOffset& v, std::string& why);

class Args {
  public:
    struct Arg {
        std::string keyword;  // "" for positional
        std::string value;
        Location loc;
        bool used = false;
    };

    // `config` is the element's configuration string, which starts at `start`.
    Args(const std::string& config, const Location& start, Element* element, ErrorHandler* errh);
    // From already split arguments (handler writes, Script).
    Args(std::vector<std::string> args, Element* element, ErrorHandler* errh);

    template <typename T>
    Args& read_mp(const char* keyword, T& v) {
        return declare(keyword, true, true, v);
    }
    template <typename T>
    Args& read_p(const char* keyword, T& v) {
        return declare(keyword, true, false, v);
    }
    template <typename T>
    Args& read(const char* keyword, T& v) {
        return declare(keyword, false, false, v);
    }
    template <typename T>
    Args& read_m(const char* keyword, T& v) {
        return declare(keyword, false, true, v);
    }
    // Every occurrence of a repeated keyword.
    template <typename T>
    Args& read_all(const char* keyword, std::vector<T>& v) {
        slots_.push_back(Slot{keyword, false, false, true, [&v](std::string_view s, std::string& why) {
                                  T x{};
                                  if (!parse_value(s, x, why)) return false;
                                  v.push_back(std::move(x));
                                  return true;
                              }});
        return *this;
    }
    // The positional arguments no positional slot took, as written.
    Args& read_rest(std::vector<std::string>& rest) {
        rest_ = &rest;
        return *this;
    }

    // Matches, parses and assigns; returns 0, or -1 after reporting every problem.
    int complete();
    // After complete(): whether the argument was given.
    bool given(const char* keyword) const;

    Element* element() const { return element_; }
    ErrorHandler* errh() const { return errh_; }
    const std::vector<Arg>& args() const { return args_; }
    // Reports at the element (or at an argument).
    int error(const std::string& message) const;
    int error_at(const Arg& arg, const std::string& message) const;

  private:
    struct Slot {
        std::string keyword;
        bool positional;
        bool mandatory;
        bool repeated;
        std::function<bool(std::string_view, std::string&)> parse;
        bool given = false;
    };
    template <typename T>
    Args& declare(const char* keyword, bool positional, bool mandatory, T& v) {
        slots_.push_back(Slot{keyword, positional, mandatory, false,
                              [&v](std::string_view s, std::string& why) { return parse_value(s, v, why); }});
        return *this;
    }

    std::vector<Arg> args_;
    std::vector<Slot> slots_;
    std::vector<std::string>* rest_ = nullptr;
    Element* element_;
    ErrorHandler* errh_;
    Location start_;
};

// Splits a configuration string into arguments, as the language defines it.
std::vector<std::string> split_args(const std::string& config);
// Removes quotes and applies backslash substitutions inside double quotes.
std::string unquote(std::string_view s);
// Quotes s if it would not read back as one word.
std::string quote(std::string_view s);

}  // namespace clickos
