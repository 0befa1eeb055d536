// Errors reported while building and configuring a router: each carries the location of the
// configuration text it is about (file:line:col) and, for elements, the element's name.
#pragma once
#include <string>
#include <vector>

#include "clickos/location.hh"

namespace clickos {

class ErrorHandler {
  public:
    virtual ~ErrorHandler() = default;
    // Returns -1 so that `return errh->error(...)` reads naturally in configure().
    int error(const std::string& message) { return report(Severity::Error, message); }
    void warning(const std::string& message) { report(Severity::Warning, message); }
    void message(const std::string& message) { report(Severity::Message, message); }
    // Same, at a specific location (an argument inside the configuration string).
    int error_at(const Location& loc, const std::string& message);
    int nerrors() const { return nerrors_; }

    enum class Severity { Error, Warning, Message };
    virtual int report(Severity s, const std::string& message) = 0;
    virtual int report_at(Severity s, const Location& loc, const std::string& message);

  protected:
    int nerrors_ = 0;
};

// Prefixes messages with an element's location and "name :: Class: ".
class ContextErrorHandler : public ErrorHandler {
  public:
    ContextErrorHandler(ErrorHandler* base, Location loc, std::string context)
        : base_(base), loc_(std::move(loc)), context_(std::move(context)) {}
    int report(Severity s, const std::string& message) override;
    int report_at(Severity s, const Location& loc, const std::string& message) override;

  private:
    ErrorHandler* base_;
    Location loc_;
    std::string context_;
};

// Collects diagnostics in memory ("file:line:col: message" lines).
class CollectingErrorHandler : public ErrorHandler {
  public:
    struct Entry {
        Severity severity;
        Location loc;
        std::string message;
        std::string str() const;
    };
    int report(Severity s, const std::string& message) override;
    int report_at(Severity s, const Location& loc, const std::string& message) override;
    const std::vector<Entry>& entries() const { return entries_; }
    std::string str() const;
    void clear() {
        entries_.clear();
        nerrors_ = 0;
    }

  private:
    std::vector<Entry> entries_;
};

// Prints to stderr as it goes.
class ConsoleErrorHandler : public CollectingErrorHandler {
  public:
    int report_at(Severity s, const Location& loc, const std::string& message) override;
};

}  // namespace clickos
