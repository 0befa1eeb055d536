#include "options.hh"

#include "clickos/platform.hh"

namespace clickos::instance {

const char usage_text[] =
    "Usage: clickos-instance --control PATH [OPTIONS] [NAME=VALUE...]\n"
    "Runs one ClickOS instance: the engine, its ring ports (inherited descriptors named in\n"
    "CLICKOS_NETFRONT_PORTS) and a Click ControlSocket-protocol channel on a unix socket.\n"
    "\n"
    "Options:\n"
    "  --control PATH       the control socket (created mode 0600; required)\n"
    "  --dir DIR            the instance's directory: files of the configuration are opened\n"
    "                       there (with mountns it becomes the instance's whole file system)\n"
    "  --config FILE        install FILE at boot (otherwise an empty router waits for hotconfig)\n"
    "  --config-fd N        install the text read from descriptor N (until end of file)\n"
    "  --config-name NAME   the file name in error locations for --config-fd and hotconfig\n"
    "                       (default \"config\")\n"
    "  --sandbox LIST       seccomp,mountns,pidns,rlimits (any subset), none, or auto (default:\n"
    "                       seccomp and rlimits; with root also pidns, and mountns with --dir)\n"
    "  --cgroup DIR         first of all, move this process into cgroup DIR (repeatable)\n"
    "  --ready-fd N         write one JSON line to N once installed and sandboxed, then close it\n"
    "  --package-path DIR   search DIR for element packages (repeatable)\n"
    "  --poll-us US         after work, poll the ports for US microseconds before sleeping, so\n"
    "                       a reply costs no wake-up (default 0: sleep at once)\n"
    "  --cpus LIST          run only on these CPUs (e.g. 0, 0-1, 0,2): next to the switch\n"
    "                       and the rest of a chain, a frame costs no cross-CPU wake-up\n"
    "  --help, --version\n"
    "NAME=VALUE defines $NAME for every configuration installed.\n"
    "\n"
    "Exit status: 0 after SIGTERM/SIGINT, 1 if the boot configuration or set-up failed, 2 on\n"
    "bad usage.\n"
    "Example:\n"
    "  clickos-instance --control /run/clickos/fw1.sock --dir /var/lib/clickos/fw1 \\\n"
    "      --config fw1.click --ready-fd 3 3>ready.pipe\n";

namespace {

// Descriptor numbers and microseconds: decimal digits only, at most 7 of them.
bool parse_unsigned(const std::string& s, int& n) {
    if (s.empty() || s.size() > 7) return false;
    n = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        n = n * 10 + (c - '0');
    }
    return true;
}

}  // namespace

bool parse_options(int argc, char** argv, Options& o, std::string& error) {
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i], value;
        size_t eq = a.find('=');
        bool long_with_value = a.rfind("--", 0) == 0 && eq != std::string::npos;
        std::string name = long_with_value ? a.substr(0, eq) : a;
        auto take = [&](const char* what) {
            if (long_with_value) {
                value = a.substr(eq + 1);
                return true;
            }
            if (i + 1 >= argc) {
                error = "option '" + name + "' needs " + what;
                return false;
            }
            value = argv[++i];
            return true;
        };
        if (name == "--help") {
            o.help = true;
        } else if (name == "--version") {
            o.version = true;
        } else if (name == "--control") {
            if (!take("a socket path")) return false;
            o.control = value;
        } else if (name == "--dir") {
            if (!take("a directory")) return false;
            o.dir = value;
        } else if (name == "--config") {
            if (!take("a file name")) return false;
            o.config_file = value;
        } else if (name == "--config-fd" || name == "--ready-fd") {
            if (!take("a descriptor number")) return false;
            int fd;
            if (!parse_unsigned(value, fd)) {
                error = "option '" + name + "': '" + value + "' is not a descriptor number";
                return false;
            }
            (name == "--config-fd" ? o.config_fd : o.ready_fd) = fd;
        } else if (name == "--config-name") {
            if (!take("a name")) return false;
            o.config_name = value;
        } else if (name == "--sandbox") {
            if (!take("a list")) return false;
            o.sandbox = value;
        } else if (name == "--cgroup") {
            if (!take("a cgroup directory")) return false;
            o.cgroups.push_back(value);
        } else if (name == "--package-path") {
            if (!take("a directory")) return false;
            o.package_path.push_back(value);
        } else if (name == "--cpus") {
            if (!take("a CPU list")) return false;
            std::string why;
            if (!platform::parse_cpu_list(value, o.cpus, why)) {
                error = "option '--cpus': " + why;
                return false;
            }
        } else if (name == "--poll-us") {
            if (!take("a number of microseconds")) return false;
            int n;
            if (!parse_unsigned(value, n) || n > 1'000'000) {
                error = "option '--poll-us': '" + value + "' is not a number of microseconds from 0 to 1000000";
                return false;
            }
            o.poll_us = n;
        } else if (a.rfind("-", 0) == 0) {
            error = "unknown option '" + a + "'";
            return false;
        } else if (eq != std::string::npos && eq > 0) {
            std::string n = a.substr(0, eq);
            if (n[0] == '$') n.erase(0, 1);
            o.definitions[n] = a.substr(eq + 1);
        } else {
            error = "unexpected argument '" + a + "' (definitions are NAME=VALUE)";
            return false;
        }
    }
    if (o.help || o.version) return true;
    if (o.control.empty()) {
        error = "--control PATH is required";
        return false;
    }
    if (!o.config_file.empty() && o.config_fd >= 0) {
        error = "give either --config or --config-fd, not both";
        return false;
    }
    if (o.config_name.empty()) o.config_name = o.config_file.empty() ? "config" : o.config_file;
    return true;
}

}  // namespace clickos::instance
