#include "diagnostics.hh"

namespace clickos::lang {

std::string Location::str() const {
    std::string s = file.empty() ? std::string("<config>") : file;
    if (line > 0) {
        s += ':' + std::to_string(line);
        if (col > 0) s += ':' + std::to_string(col);
    }
    return s;
}

std::string Diagnostic::str() const {
    std::string s = loc.str() + ": ";
    if (severity == Severity::Warning)
        s += "warning: ";
    else if (severity == Severity::Note)
        s += "note: ";
    return s + message;
}

void Diagnostics::error(const Location& loc, std::string message) {
    ++nerrors_;
    if (nerrors_ > max_errors) {
        if (!truncated_) {
            truncated_ = true;
            list_.push_back({Severity::Error, loc, "too many errors, stopping here"});
        }
        return;
    }
    list_.push_back({Severity::Error, loc, std::move(message)});
}

void Diagnostics::warning(const Location& loc, std::string message) {
    if (list_.size() < 4 * max_errors) list_.push_back({Severity::Warning, loc, std::move(message)});
}

void Diagnostics::note(const Location& loc, std::string message) {
    if (!truncated_ && list_.size() < 4 * max_errors) list_.push_back({Severity::Note, loc, std::move(message)});
}

std::string Diagnostics::str() const {
    std::string s;
    for (const auto& d : list_) s += d.str() + '\n';
    return s;
}

}  // namespace clickos::lang
