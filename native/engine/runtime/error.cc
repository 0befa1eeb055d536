#include "clickos/error.hh"

#include "clickos/platform.hh"

namespace clickos {

int ErrorHandler::error_at(const Location& loc, const std::string& message) {
    return report_at(Severity::Error, loc, message);
}

int ErrorHandler::report_at(Severity s, const Location&, const std::string& message) {
    return report(s, message);
}

int ContextErrorHandler::report(Severity s, const std::string& message) {
    return report_at(s, loc_, message);
}

int ContextErrorHandler::report_at(Severity s, const Location& loc, const std::string& message) {
    if (s == Severity::Error) ++nerrors_;
    return base_->report_at(s, loc.valid() ? loc : loc_, context_.empty() ? message : context_ + ": " + message);
}

std::string CollectingErrorHandler::Entry::str() const {
    std::string prefix = loc.valid() || !loc.file.empty() ? loc.str() + ": " : std::string();
    if (severity == Severity::Warning) prefix += "warning: ";
    return prefix + message;
}

int CollectingErrorHandler::report(Severity s, const std::string& message) {
    return report_at(s, Location{}, message);
}

int CollectingErrorHandler::report_at(Severity s, const Location& loc, const std::string& message) {
    if (s == Severity::Error) ++nerrors_;
    entries_.push_back({s, loc, message});
    return -1;
}

std::string CollectingErrorHandler::str() const {
    std::string s;
    for (const auto& e : entries_) s += e.str() + "\n";
    return s;
}

int ConsoleErrorHandler::report_at(Severity s, const Location& loc, const std::string& message) {
    CollectingErrorHandler::report_at(s, loc, message);
    platform::write_stderr(entries().back().str() + "\n");
    return -1;
}

}  // namespace clickos
