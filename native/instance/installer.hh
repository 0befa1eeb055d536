// Turns configuration text into a running-ready router for an instance: parse, flatten,
// load element packages, build (configure + initialize). Every error comes back with its
// file:line:col. Once the sandbox is closed, a configuration that needs what the sandbox
// forbids (files, sockets, packages not loaded yet, library files) is told apart as
// "restart required": the same text would install in a fresh instance.
#pragma once
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "clickos/router.hh"

namespace clickos::instance {

struct InstallResult {
    enum class Outcome { Ok, Invalid, RestartRequired };
    Outcome outcome = Outcome::Invalid;
    std::unique_ptr<Router> router;     // Ok only
    std::vector<std::string> errors;    // "file:line:col: message" (Invalid, RestartRequired)
    std::vector<std::string> warnings;  // "file:line:col: warning: message"
    std::string restart_reason;         // RestartRequired: what the sandbox forbade
};

class Installer {
  public:
    std::vector<std::string> package_path;
    std::map<std::string, std::string> definitions;  // NAME=VALUE from the command line

    // Parses and flattens only (no packages loaded, no elements built).
    bool parse(const std::string& text, const std::string& filename, lang::FlatGraph& graph, InstallResult& result);
    // Loads the element packages `graph` requires (before the sandbox closes).
    bool load_packages(const lang::FlatGraph& graph, InstallResult& result);
    // Builds the router from a parsed graph.
    void build(const lang::FlatGraph& graph, const std::string& text, InstallResult& result);
    // All three, as hotconfig does.
    InstallResult install(const std::string& text, const std::string& filename);

    // From now on, opening files, sockets and packages is refused by the sandbox.
    void close_sandbox(bool files_closed) { sandbox_closed_ = files_closed; }
    bool sandbox_closed() const { return sandbox_closed_; }

  private:
    bool sandbox_closed_ = false;
    std::set<std::string> loaded_packages_;
    bool library_refused_ = false;
};

}  // namespace clickos::instance
