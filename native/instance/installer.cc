#include "installer.hh"

#include <cstdlib>

#include "clickos/packages.hh"
#include "clickos/platform.hh"
#include "lang/flatten.hh"
#include "sandbox.hh"

namespace clickos::instance {

namespace {

std::vector<std::string> library_dirs(const std::string& including) {
    std::vector<std::string> dirs;
    size_t slash = including.rfind('/');
    dirs.push_back(slash == std::string::npos ? "." : including.substr(0, slash));
    if (const char* cp = std::getenv("CLICKPATH")) {
        std::string s = cp;
        size_t start = 0;
        while (start <= s.size()) {
            size_t colon = s.find(':', start);
            std::string d = s.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
            if (!d.empty()) dirs.push_back(d);
            if (colon == std::string::npos) break;
            start = colon + 1;
        }
    }
    return dirs;
}

// Router errors and warnings as lines.
void take_entries(const CollectingErrorHandler& errh, InstallResult& result) {
    for (const auto& e : errh.entries()) {
        if (e.severity == ErrorHandler::Severity::Error)
            result.errors.push_back(e.str());
        else if (e.severity == ErrorHandler::Severity::Warning)
            result.warnings.push_back(e.str());
    }
}

}  // namespace

bool Installer::parse(const std::string& text, const std::string& filename, lang::FlatGraph& graph,
                      InstallResult& result) {
    lang::Diagnostics diag;
    lang::ParseOptions popt;
    library_refused_ = false;
    popt.read_library = [this](const std::string& name, const std::string& including,
                               std::string& resolved) -> std::optional<std::string> {
        for (const auto& d : library_dirs(including)) {
            std::string path = name[0] == '/' ? name : d + "/" + name, out, error;
            if (platform::read_file(path, out, error)) {
                resolved = path;
                return out;
            }
        }
        if (sandbox_closed_) library_refused_ = true;
        return std::nullopt;
    };
    lang::FlattenOptions fopt;
    fopt.definitions = definitions;
    graph = lang::parse_and_flatten(text, filename, diag, popt, fopt);
    for (const auto& d : diag.all()) {
        if (d.severity == lang::Severity::Error)
            result.errors.push_back(d.str());
        else if (d.severity == lang::Severity::Warning)
            result.warnings.push_back(d.str());
    }
    if (diag.has_errors()) {
        result.outcome = library_refused_ ? InstallResult::Outcome::RestartRequired : InstallResult::Outcome::Invalid;
        if (library_refused_) result.restart_reason = "require(library ...) reads files, which the sandbox forbids";
        return false;
    }
    return true;
}

bool Installer::load_packages(const lang::FlatGraph& graph, InstallResult& result) {
    bool ok = true;
    for (const auto& req : graph.requirements) {
        if (req.kind == "library" || loaded_packages_.count(req.name)) continue;
        if (sandbox_closed_) {
            result.errors.push_back(req.loc.str() + ": require(package " + req.name +
                                    "): the package is not loaded in this instance");
            result.outcome = InstallResult::Outcome::RestartRequired;
            result.restart_reason = "element package '" + req.name + "' must be loaded, which the sandbox forbids";
            ok = false;
            continue;
        }
        std::string error;
        if (!load_element_package(req.name, package_path, error)) {
            result.errors.push_back(req.loc.str() + ": require(package " + req.name + "): " + error);
            result.outcome = InstallResult::Outcome::Invalid;
            ok = false;
            continue;
        }
        loaded_packages_.insert(req.name);
    }
    return ok;
}

void Installer::build(const lang::FlatGraph& graph, const std::string& text, InstallResult& result) {
    CollectingErrorHandler errh;
    RouterOptions ropt;
    ropt.package_path = package_path;
    ropt.config_text = text;
    uint64_t refused_before = refusals();
    result.router = Router::build(graph, &errh, ropt);
    take_entries(errh, result);
    uint64_t refused = refusals() - refused_before;
    if (result.router && refused == 0) {
        result.outcome = InstallResult::Outcome::Ok;
        return;
    }
    if (refused > 0) {
        // Even if the build went through, a refused call means some element lacks what it
        // asked for: a fresh instance would give it.
        result.router.reset();
        result.outcome = InstallResult::Outcome::RestartRequired;
        result.restart_reason =
            "the configuration opens files or sockets, which the sandbox forbids (refused: " + last_refused_call() +
            ")";
        if (result.errors.empty()) result.errors.push_back(result.restart_reason);
        return;
    }
    result.outcome = InstallResult::Outcome::Invalid;
    if (result.errors.empty()) result.errors.push_back("the configuration failed to initialize");
}

InstallResult Installer::install(const std::string& text, const std::string& filename) {
    InstallResult result;
    lang::FlatGraph graph;
    if (!parse(text, filename, graph, result) || !load_packages(graph, result)) return result;
    build(graph, text, result);
    return result;
}

}  // namespace clickos::instance
