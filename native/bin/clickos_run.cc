// clickos-run: runs a Click configuration in one process, command-line compatible with the
// common options of Click's userlevel `click` driver.
#include <fnmatch.h>
#include <sys/resource.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "clickos/args.hh"
#include "clickos/platform.hh"
#include "clickos/router.hh"
#include "lang/flatten.hh"
#include "lang/printer.hh"

using namespace clickos;

namespace {

const char usage[] =
    "Usage: clickos-run [OPTIONS] [FILE] [NAME=VALUE...]\n"
    "Runs a Click configuration (from FILE, -f FILE, -e EXPR, or standard input).\n"
    "\n"
    "Options:\n"
    "  -f, --file FILE          read the configuration from FILE ('-' for standard input)\n"
    "  -e, --expression EXPR    use EXPR as the configuration\n"
    "  -h, --handler [ELEM.]H   after running, read handler H and print it (ELEM may be a glob)\n"
    "  -x, --exit-handler [ELEM.]H\n"
    "                           after running, exit with handler H's value as the status\n"
    "  -o, --output FILE        write the flattened configuration to FILE\n"
    "  -q, --quit               set up the configuration but do not run it\n"
    "      --check              check the configuration (classes, ports, arguments, packages)\n"
    "                           without initializing or running it\n"
    "  -p, --port PORT          ControlSocket on loopback TCP port PORT\n"
    "  -u, --unix-socket FILE   ControlSocket on unix socket FILE\n"
    "  -t, --time               print the time spent running\n"
    "  -w, --no-warnings        do not print warnings\n"
    "  -C, --clickpath PATH     search PATH for require(library ...) files\n"
    "  -P, --package-path DIR   search DIR for element packages (repeatable)\n"
    "      --help               print this message\n"
    "      --version            print the version\n"
    "NAME=VALUE defines the parameter $NAME.\n"
    "\n"
    "Exit status: 0 on success, 1 on configuration errors, 2 on bad usage.\n"
    "Example:\n"
    "  clickos-run -e 'InfiniteSource(LIMIT 5, STOP true) -> c :: Counter -> Discard' -h c.count\n";

struct Options {
    std::string file;
    std::string expression;
    bool have_expression = false;
    std::vector<std::string> handlers;
    std::string exit_handler;
    std::string output;
    bool quit = false;
    bool check = false;
    std::string port;
    std::string unix_socket;
    bool time = false;
    bool warnings = true;
    std::vector<std::string> package_path;
    std::vector<std::string> definitions;
};

int bad_usage(const std::string& message) {
    platform::write_stderr("clickos-run: " + message + "\nTry 'clickos-run --help'.\n");
    return 2;
}

Router* volatile running_router = nullptr;

void on_signal(int) {
    if (Router* r = running_router) {
        r->stop_now();
        r->poller().wake();
    }
}

double seconds(const timeval& tv) {
    return double(tv.tv_sec) + double(tv.tv_usec) / 1e6;
}

// Prints diagnostics from the language front end.
void print_diagnostics(const lang::Diagnostics& diag, bool warnings) {
    for (const auto& d : diag.all()) {
        if (d.severity == lang::Severity::Warning && !warnings) continue;
        platform::write_stderr(d.str() + "\n");
    }
}

class FilteringErrorHandler : public CollectingErrorHandler {
  public:
    explicit FilteringErrorHandler(bool warnings) : warnings_(warnings) {}
    int report_at(Severity s, const Location& loc, const std::string& message) override {
        CollectingErrorHandler::report_at(s, loc, message);
        if (s != Severity::Warning || warnings_) platform::write_stderr(entries().back().str() + "\n");
        return -1;
    }

  private:
    bool warnings_;
};

}  // namespace

int main(int argc, char** argv) {
    Options o;
    auto need = [&](int& i, const char* opt) -> const char* {
        if (i + 1 >= argc) return nullptr;
        (void)opt;
        return argv[++i];
    };
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&](const char* longname, const char* shortname, std::string& out) -> int {
            // --long=VALUE, --long VALUE, -s VALUE, -sVALUE
            std::string l = std::string("--") + longname, s = std::string("-") + shortname;
            if (a.rfind(l + "=", 0) == 0) {
                out = a.substr(l.size() + 1);
                return 1;
            }
            if (a == l || a == s) {
                const char* v = need(i, a.c_str());
                if (!v) return -1;
                out = v;
                return 1;
            }
            if (a.size() > 2 && a.rfind(s, 0) == 0 && a[1] != '-') {
                out = a.substr(2);
                return 1;
            }
            return 0;
        };
        std::string v;
        int r;
        if (a == "--help") {
            platform::write_stdout(usage);
            return 0;
        } else if (a == "--version") {
            platform::write_stdout("clickos-run (ClickOS-TS) " CLICKOS_VERSION_STRING "\n");
            return 0;
        } else if (a == "-q" || a == "--quit") {
            o.quit = true;
        } else if (a == "--check") {
            o.check = true;
        } else if (a == "-t" || a == "--time") {
            o.time = true;
        } else if (a == "-w" || a == "--no-warnings") {
            o.warnings = false;
        } else if ((r = value("file", "f", v))) {
            if (r < 0) return bad_usage("option '" + a + "' needs a file name");
            o.file = v;
        } else if ((r = value("expression", "e", v))) {
            if (r < 0) return bad_usage("option '" + a + "' needs an expression");
            o.expression = v;
            o.have_expression = true;
        } else if ((r = value("handler", "h", v))) {
            if (r < 0) return bad_usage("option '" + a + "' needs a handler name");
            o.handlers.push_back(v);
        } else if ((r = value("exit-handler", "x", v))) {
            if (r < 0) return bad_usage("option '" + a + "' needs a handler name");
            o.exit_handler = v;
        } else if ((r = value("output", "o", v))) {
            if (r < 0) return bad_usage("option '" + a + "' needs a file name");
            o.output = v;
        } else if ((r = value("port", "p", v))) {
            if (r < 0) return bad_usage("option '" + a + "' needs a port number");
            o.port = v;
        } else if ((r = value("unix-socket", "u", v))) {
            if (r < 0) return bad_usage("option '" + a + "' needs a file name");
            o.unix_socket = v;
        } else if ((r = value("clickpath", "C", v))) {
            if (r < 0) return bad_usage("option '" + a + "' needs a path");
            setenv("CLICKPATH", v.c_str(), 1);
        } else if ((r = value("package-path", "P", v))) {
            if (r < 0) return bad_usage("option '" + a + "' needs a directory");
            o.package_path.push_back(v);
        } else if (a.size() > 1 && a[0] == '-' && a != "-") {
            return bad_usage("unknown option '" + a + "'");
        } else if (a.find('=') != std::string::npos && a[0] != '=' && a[0] != '/' && a[0] != '.') {
            o.definitions.push_back(a);
        } else if (o.file.empty() && !o.have_expression) {
            o.file = a;
        } else {
            return bad_usage("unexpected argument '" + a + "'");
        }
    }
    if (o.have_expression && !o.file.empty()) return bad_usage("give either a file or -e EXPR, not both");

    std::string text, filename;
    if (o.have_expression) {
        text = o.expression;
        filename = "<expr>";
    } else {
        std::string path = o.file.empty() ? "-" : o.file;
        std::string error;
        if (path == "-") {
            filename = "<stdin>";
            char buf[65536];
            long n;
            while ((n = platform::read_fd(0, buf, sizeof buf)) > 0) text.append(buf, size_t(n));
        } else if (!platform::read_file(path, text, error)) {
            platform::write_stderr("clickos-run: " + error + "\n");
            return 1;
        } else {
            filename = path;
        }
    }

    lang::Diagnostics diag;
    lang::ParseOptions popt;
    popt.read_library = [](const std::string& name, const std::string& including,
                           std::string& resolved) -> std::optional<std::string> {
        std::vector<std::string> dirs;
        size_t slash = including.rfind('/');
        dirs.push_back(slash == std::string::npos ? "." : including.substr(0, slash));
        if (const char* cp = getenv("CLICKPATH")) {
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
        for (const auto& d : dirs) {
            std::string path = name[0] == '/' ? name : d + "/" + name, out, error;
            if (platform::read_file(path, out, error)) {
                resolved = path;
                return out;
            }
        }
        return std::nullopt;
    };
    lang::FlattenOptions fopt;
    for (const auto& d : o.definitions) {
        size_t eq = d.find('=');
        std::string name = d.substr(0, eq);
        if (!name.empty() && name[0] == '$') name.erase(0, 1);
        fopt.definitions[name] = d.substr(eq + 1);
    }
    lang::FlatGraph graph = lang::parse_and_flatten(text, filename, diag, popt, fopt);
    print_diagnostics(diag, o.warnings);
    if (diag.has_errors()) return 1;

    // -p / -u: a ControlSocket element added to the configuration, as Click's driver does.
    auto add_control = [&](const std::string& config) {
        lang::FlatElement e;
        e.name = "clickos_driver@ControlSocket" + std::to_string(graph.elements.size());
        e.class_name = "ControlSocket";
        e.config = config;
        e.loc = lang::Location{"<command line>", 1, 1};
        graph.elements.push_back(e);
    };
    if (!o.port.empty()) add_control("TCP, " + o.port);
    if (!o.unix_socket.empty()) add_control("UNIX, " + o.unix_socket);

    if (!o.output.empty()) {
        std::string error;
        std::string flat = lang::print_flat(graph);
        if (o.output == "-") {
            platform::write_stdout(flat);
        } else {
            int fd = platform::open_file_write(o.output, false, error);
            if (fd < 0 || !platform::write_fd_all(fd, flat.data(), flat.size())) {
                platform::write_stderr(
                    "clickos-run: " + (error.empty() ? o.output + ": " + platform::last_error() : error) + "\n");
                platform::close_fd(fd);
                return 1;
            }
            platform::close_fd(fd);
        }
    }

    FilteringErrorHandler errh(o.warnings);
    RouterOptions ropt;
    ropt.package_path = o.package_path;
    ropt.config_text = text;
    ropt.check_only = o.check;
    std::unique_ptr<Router> router = Router::build(graph, &errh, ropt);
    if (!router) return 1;
    if (o.check) return 0;

    rusage before{}, after{};
    getrusage(RUSAGE_SELF, &before);
    int64_t start = platform::monotonic_ns();
    if (!o.quit) {
        running_router = router.get();
        platform::on_interrupt(on_signal);
        router->run();
        running_router = nullptr;
    }
    int64_t end = platform::monotonic_ns();
    getrusage(RUSAGE_SELF, &after);
    if (o.time) {
        char buf[128];
        std::snprintf(buf, sizeof buf, "%.6fu %.6fs %.6f real\n", seconds(after.ru_utime) - seconds(before.ru_utime),
                      seconds(after.ru_stime) - seconds(before.ru_stime), double(end - start) / 1e9);
        platform::write_stderr(buf);
    }

    int status = 0;
    // -h: each handler, expanding element globs; headers when more than one result.
    std::vector<std::pair<std::string, std::string>> results;
    for (const auto& h : o.handlers) {
        size_t dot = h.rfind('.');
        std::string pattern = dot == std::string::npos ? "" : h.substr(0, dot);
        std::string hname = dot == std::string::npos ? h : h.substr(dot + 1);
        std::vector<std::string> names;
        if (dot != std::string::npos && pattern.find_first_of("*?[") != std::string::npos) {
            for (int i = 0; i < router->nelements(); ++i)
                if (fnmatch(pattern.c_str(), router->element(i)->name().c_str(), 0) == 0)
                    names.push_back(router->element(i)->name() + "." + hname);
            if (names.empty()) {
                platform::write_stderr("clickos-run: no element matches '" + pattern + "'\n");
                status = 1;
            }
        } else {
            names.push_back(h);
        }
        for (const auto& n : names) {
            std::string out, error;
            if (!router->read(n, out, error)) {
                platform::write_stderr("clickos-run: " + n + ": " + error + "\n");
                status = 1;
                continue;
            }
            results.push_back({n, out});
        }
    }
    for (const auto& [n, out] : results) {
        if (results.size() > 1) platform::write_stdout(n + ":\n");
        platform::write_stdout(out);
        if (!out.empty() && out.back() != '\n') platform::write_stdout("\n");
        if (results.size() > 1) platform::write_stdout("\n");
    }
    if (!o.exit_handler.empty()) {
        std::string out, error;
        if (!router->read(o.exit_handler, out, error)) {
            platform::write_stderr("clickos-run: " + o.exit_handler + ": " + error + "\n");
            return 1;
        }
        while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
        bool b;
        int32_t code;
        std::string why;
        if (parse_value(out, code, why)) return code;
        if (parse_value(out, b, why)) return b ? 0 : 1;
        platform::write_stderr("clickos-run: " + o.exit_handler + ": value '" + out + "' is not a status\n");
        return 1;
    }
    return status;
}
