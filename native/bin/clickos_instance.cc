// clickos-instance: one sandboxed ClickOS instance process (the process backend's unit).
// Set-up order: cgroups, pid namespace, control socket, configuration parsed and its element
// packages loaded, mount namespace (the instance's directory becomes its root), router built
// (elements open their files and sockets), then resource limits and the seccomp allow-list;
// then one "ready" line to the host and the run loop. See docs/backends.md.
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "clickos/platform.hh"
#include "instance/instance.hh"
#include "instance/options.hh"
#include "instance/sandbox.hh"

using namespace clickos;
using namespace clickos::instance;

namespace {
// Set once the sandbox is closed: a sanitizer's leak check at exit needs /proc and a tracer
// thread, which the mount namespace and the seccomp filter take away.
bool sandbox_closed = false;

constexpr int spare_fds_after_setup = 512;  // control connections and pollers of later configs

std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += char(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c < 32) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out += char(c);
        }
    }
    return out + "\"";
}

int ready_fd = -1;

void write_ready(const std::string& line) {
    if (ready_fd < 0) return;
    platform::write_fd_all(ready_fd, line.data(), line.size());
    platform::close_fd(ready_fd);
    ready_fd = -1;
}

int fail(const std::string& message) {
    platform::write_stderr("clickos-instance: " + message + "\n");
    write_ready("{\"ready\":false,\"error\":" + json_string(message) + "}\n");
    return 1;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string s;
    for (const auto& l : lines) s += (s.empty() ? "" : "\n") + l;
    return s;
}

// This process's pid as the host sees it (inside a new pid namespace getpid() says 1, but
// /proc still belongs to the host's namespace until a new one is mounted).
int host_visible_pid() {
    char buf[32];
    ssize_t n = ::readlink("/proc/self", buf, sizeof buf - 1);
    if (n <= 0) return int(getpid());
    buf[n] = 0;
    return std::atoi(buf);
}

void on_signal(int) {
    Instance::request_stop();
}

}  // namespace

// LeakSanitizer asks this before its check at exit (sanitized builds only; unused otherwise).
extern "C" int __lsan_is_turned_off() {
    return sandbox_closed ? 1 : 0;
}

int main(int argc, char** argv) {
    int64_t start = platform::monotonic_ns();
    ::signal(SIGPIPE, SIG_IGN);
    Options o;
    std::string error;
    if (!parse_options(argc, argv, o, error)) {
        platform::write_stderr("clickos-instance: " + error + "\nTry 'clickos-instance --help'.\n");
        return 2;
    }
    if (o.help) {
        platform::write_stdout(usage_text);
        return 0;
    }
    if (o.version) {
        platform::write_stdout("clickos-instance (ClickOS-TS) " CLICKOS_VERSION_STRING "\n");
        return 0;
    }
    ready_fd = o.ready_fd;
    SandboxParts parts;
    if (!parse_sandbox_list(o.sandbox, !o.dir.empty(), parts, error)) {
        platform::write_stderr("clickos-instance: " + error + "\n");
        return 2;
    }
    for (const auto& dir : o.cgroups)
        if (!join_cgroup(dir, error)) return fail("--cgroup: " + error);
    if (!o.cpus.empty() && !platform::set_cpu_affinity(o.cpus, error)) return fail("--cpus: " + error);
    int pid = int(getpid());
    if (parts.pidns) {
        if (!enter_pid_namespace(pid, error)) return fail(error);
        pid = host_visible_pid();
    }

    Instance inst;
    inst.installer().package_path = o.package_path;
    inst.installer().definitions = o.definitions;
    inst.set_config_name(o.config_name);
    inst.set_sandbox_description(parts.str());
    inst.set_idle_poll_ns(int64_t(o.poll_us) * 1000);
    if (!inst.control().listen(o.control, error)) return fail(error);

    // The configuration, parsed and its packages loaded while the host's files are visible.
    std::string text;
    bool have_config = !o.config_file.empty() || o.config_fd >= 0;
    if (!o.config_file.empty() && !platform::read_file(o.config_file, text, error)) return fail("--config: " + error);
    if (o.config_fd >= 0) {
        char buf[65536];
        long n;
        while ((n = platform::read_fd(o.config_fd, buf, sizeof buf)) > 0) text.append(buf, size_t(n));
        if (n < 0) return fail("--config-fd " + std::to_string(o.config_fd) + ": " + platform::last_error());
        platform::close_fd(o.config_fd);
    }
    InstallResult boot;
    lang::FlatGraph graph;
    if (have_config &&
        (!inst.installer().parse(text, o.config_name, graph, boot) || !inst.installer().load_packages(graph, boot)))
        return fail("configuration errors:\n" + joined(boot.errors));

    int fd_dir = parts.rlimits ? open_fd_directory() : -1;
    if (parts.mountns) {
        sandbox_closed = true;
        if (!enter_mount_namespace(o.dir, error)) return fail(error);
    } else if (!o.dir.empty() && ::chdir(o.dir.c_str()) < 0) {
        return fail("--dir " + o.dir + ": " + platform::last_error());
    }

    if (have_config) {
        inst.installer().build(graph, text, boot);
        for (const auto& w : boot.warnings) platform::write_stderr(w + "\n");
        if (boot.outcome != InstallResult::Outcome::Ok) return fail("configuration errors:\n" + joined(boot.errors));
    }
    inst.start(std::move(boot.router));
    platform::on_interrupt(on_signal);

    if (parts.rlimits && !apply_rlimits(fd_dir, spare_fds_after_setup, error)) return fail(error);
    if (parts.seccomp) sandbox_closed = true;
    if (parts.seccomp && !apply_seccomp(error)) return fail(error);
    inst.installer().close_sandbox(parts.seccomp || parts.mountns);

    int64_t setup_ns = platform::monotonic_ns() - start;
    write_ready("{\"ready\":true,\"pid\":" + std::to_string(pid) +
                ",\"generation\":" + std::to_string(inst.generation()) + ",\"sandbox\":" + json_string(parts.str()) +
                ",\"setup_us\":" + std::to_string(setup_ns / 1000) + "}\n");
    int status = inst.run();  // the router's elements are cleaned up by now
    // Inside the filter, exit handlers (a sanitizer's leak check starts a tracer thread)
    // would only meet refusals.
    if (parts.seccomp) _exit(status);
    return status;
}
