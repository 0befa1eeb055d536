// Collected errors, warnings and notes, each with a location; reported all at once.
#pragma once
#include <string>
#include <vector>

#include "location.hh"

namespace clickos::lang {

enum class Severity { Error, Warning, Note };

struct Diagnostic {
    Severity severity;
    Location loc;
    std::string message;

    std::string str() const;  // "file:line:col: message" (warnings prefixed "warning: ")
};

class Diagnostics {
  public:
    // Past this many errors further ones are dropped: a garbage file must not produce
    // megabytes of messages.
    static constexpr size_t max_errors = 200;

    void error(const Location& loc, std::string message);
    void warning(const Location& loc, std::string message);
    void note(const Location& loc, std::string message);

    bool has_errors() const { return nerrors_ > 0; }
    size_t error_count() const { return nerrors_; }
    const std::vector<Diagnostic>& all() const { return list_; }
    std::string str() const;  // one diagnostic per line

  private:
    std::vector<Diagnostic> list_;
    size_t nerrors_ = 0;
    bool truncated_ = false;
};

}  // namespace clickos::lang
