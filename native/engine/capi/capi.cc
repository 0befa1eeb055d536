// The C ABI: language services for the TypeScript control plane.
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "clickos.h"
#include "clickos/element.hh"
#include "clickos/element_class.hh"
#include "clickos/element_docs.hh"
#include "clickos/router.hh"
#include "json_writer.hh"
#include "lang/flatten.hh"
#include "lang/printer.hh"

#ifndef CLICKOS_VERSION_STRING
#define CLICKOS_VERSION_STRING "0.0.0"
#endif

using namespace clickos::lang;
using clickos::capi::JsonWriter;

namespace {

char* to_c(const std::string& s) {
    char* out = static_cast<char*>(std::malloc(s.size() + 1));
    if (out) std::memcpy(out, s.c_str(), s.size() + 1);
    return out;
}

char* internal_error(const char* what) {
    JsonWriter w;
    w.begin_object().key("ok").value(false).key("diagnostics").begin_array();
    w.begin_object().key("severity").value("error").key("file").value("").key("line").value(0).key("col").value(0);
    std::string message = std::string("internal error: ") + what;
    w.key("message").value(message).key("text").value("<engine>: " + message).end_object();
    w.end_array().end_object();
    return to_c(w.str());
}

// Libraries are searched next to the including file, then in CLICKPATH.
std::optional<std::string> read_library(const std::string& name, const std::string& including, std::string& path) {
    namespace fs = std::filesystem;
    std::vector<fs::path> candidates;
    fs::path n(name);
    if (n.is_absolute()) {
        candidates.push_back(n);
    } else {
        fs::path dir = fs::path(including).parent_path();
        candidates.push_back(dir / n);
        if (const char* cp = std::getenv("CLICKPATH")) {
            std::stringstream ss(cp);
            std::string item;
            while (std::getline(ss, item, ':'))
                if (!item.empty()) candidates.push_back(fs::path(item) / n);
        }
    }
    for (const auto& c : candidates) {
        std::error_code ec;
        if (!fs::is_regular_file(c, ec)) continue;
        std::ifstream in(c, std::ios::binary);
        if (!in) continue;
        std::ostringstream ss;
        ss << in.rdbuf();
        path = fs::weakly_canonical(c, ec).string();
        if (path.empty()) path = c.string();
        return ss.str();
    }
    return std::nullopt;
}

struct Request {
    std::string source;
    std::string file;
    ParseOptions parse;
    FlattenOptions flatten;
};

bool make_request(Request& r, const char* source, size_t length, const char* filename, const char* const* defs,
                  int count, Diagnostics& diag) {
    r.source = source ? std::string(source, length) : std::string();
    r.file = filename && *filename ? filename : "<config>";
    r.parse.read_library = read_library;
    for (int i = 0; defs && i < count; ++i) {
        if (!defs[i]) continue;
        std::string d = defs[i];
        size_t eq = d.find('=');
        std::string name = eq == std::string::npos ? d : d.substr(0, eq);
        if (eq == std::string::npos || name.empty()) {
            diag.error(Location{"<command line>", 1, 0}, "definition '" + d + "' is not NAME=value");
            continue;
        }
        if (name[0] == '$') name.erase(0, 1);
        r.flatten.definitions[name] = d.substr(eq + 1);
    }
    return !diag.has_errors();
}

void write_location(JsonWriter& w, const Location& l) {
    w.key("file").value(l.file).key("line").value(l.line).key("col").value(l.col);
}

void write_diagnostics(JsonWriter& w, const Diagnostics& diag) {
    w.key("diagnostics").begin_array();
    for (const auto& d : diag.all()) {
        w.begin_object();
        w.key("severity")
            .value(d.severity == Severity::Error     ? "error"
                   : d.severity == Severity::Warning ? "warning"
                                                     : "note");
        write_location(w, d.loc);
        w.key("message").value(d.message).key("text").value(d.str());
        w.end_object();
    }
    w.end_array();
}

void write_requirements(JsonWriter& w, const char* key, const std::vector<Requirement>& reqs) {
    w.key(key).begin_array();
    for (const auto& r : reqs) {
        w.begin_object().key("kind").value(r.kind.empty() ? "package" : r.kind).key("name").value(r.name);
        w.key("loc").begin_object();
        write_location(w, r.loc);
        w.end_object().end_object();
    }
    w.end_array();
}

void write_graph(JsonWriter& w, const FlatGraph& g) {
    w.key("graph").begin_object();
    w.key("elements").begin_array();
    for (const auto& e : g.elements) {
        w.begin_object().key("name").value(e.name).key("class").value(e.class_name).key("config").value(e.config);
        w.key("loc").begin_object();
        write_location(w, e.loc);
        w.end_object().end_object();
    }
    w.end_array();
    w.key("connections").begin_array();
    for (const auto& c : g.connections) {
        w.begin_object();
        w.key("from").value(g.elements[c.from].name).key("fromPort").value(c.from_port);
        w.key("to").value(g.elements[c.to].name).key("toPort").value(c.to_port);
        w.key("loc").begin_object();
        write_location(w, c.loc);
        w.end_object().end_object();
    }
    w.end_array();
    write_requirements(w, "requirements", g.requirements);
    write_requirements(w, "provisions", g.provisions);
    w.end_object();
}

enum class Mode { Parse, Flatten, Check };

char* run(Mode mode, const char* source, size_t length, const char* filename, const char* const* defs, int count,
          bool syntax_only) {
    try {
        Diagnostics diag;
        Request r;
        FlatGraph g;
        if (make_request(r, source, length, filename, defs, count, diag))
            g = parse_and_flatten(r.source, r.file, diag, r.parse, r.flatten);
        if (mode == Mode::Check && !syntax_only && !diag.has_errors()) {
            // Class-dependent checks: classes, ports, push/pull, arguments (nothing is initialized).
            clickos::CollectingErrorHandler errh;
            clickos::Router::check(g, &errh);
            for (const auto& e : errh.entries()) {
                if (e.severity == clickos::ErrorHandler::Severity::Error)
                    diag.error(e.loc, e.message);
                else if (e.severity == clickos::ErrorHandler::Severity::Warning)
                    diag.warning(e.loc, e.message);
            }
        }
        JsonWriter w;
        w.begin_object().key("ok").value(!diag.has_errors());
        write_diagnostics(w, diag);
        if (mode == Mode::Parse) write_graph(w, g);
        if (mode == Mode::Flatten) w.key("text").value(diag.has_errors() ? std::string() : print_flat(g));
        w.end_object();
        return to_c(w.str());
    } catch (const std::exception& e) {
        return internal_error(e.what());
    } catch (...) {
        return internal_error("unknown exception");
    }
}

}  // namespace

extern "C" {

int clickos_abi_version(void) {
    return CLICKOS_ABI_VERSION;
}

const char* clickos_version(void) {
    return CLICKOS_VERSION_STRING;
}

char* clickos_lang_parse(const char* source, size_t length, const char* filename, const char* const* definitions,
                         int count) {
    return run(Mode::Parse, source, length, filename, definitions, count, true);
}

char* clickos_lang_flatten(const char* source, size_t length, const char* filename, const char* const* definitions,
                           int count) {
    return run(Mode::Flatten, source, length, filename, definitions, count, true);
}

char* clickos_lang_check(const char* source, size_t length, const char* filename, const char* const* definitions,
                         int count, int syntax_only) {
    return run(Mode::Check, source, length, filename, definitions, count, syntax_only != 0);
}

char* clickos_element_classes(void) {
    try {
        JsonWriter w;
        w.begin_object().key("classes").begin_array();
        for (const auto* c : clickos::ElementRegistry::global().all()) {
            std::unique_ptr<clickos::Element> e(c->make());
            w.begin_object().key("name").value(c->name);
            w.key("portCount").value(e->port_count()).key("processing").value(e->processing());
            w.key("package").value(c->package).key("requiresLibrary").value(c->requires_library);
            const clickos::ElementDoc* d = clickos::find_element_doc(e->class_name());
            w.key("synopsis").value(d ? d->synopsis : c->name.c_str());
            w.key("category").value(d ? d->category : "");
            w.key("summary").value(d ? d->summary : "");
            w.key("ports").value(d ? d->ports : "");
            w.key("documentation").value(d ? d->details_json : "{}");
            w.end_object();
        }
        w.end_array().end_object();
        return to_c(w.str());
    } catch (const std::exception& e) {
        return internal_error(e.what());
    }
}

void clickos_free(char* json) {
    std::free(json);
}
}
