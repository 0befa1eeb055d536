#include "sandbox.hh"

#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#ifdef CLICKOS_HAVE_SECCOMP
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#endif

namespace clickos::instance {

namespace {

std::string os_error(const std::string& what) {
    return what + ": " + std::strerror(errno);
}

bool is_root() {
    return geteuid() == 0;
}

}  // namespace

std::string SandboxParts::str() const {
    std::string s;
    auto add = [&](bool on, const char* name) {
        if (on) s += (s.empty() ? "" : ",") + std::string(name);
    };
    add(seccomp, "seccomp");
    add(mountns, "mountns");
    add(pidns, "pidns");
    add(rlimits, "rlimits");
    return s.empty() ? "none" : s;
}

bool seccomp_available() {
#ifdef CLICKOS_HAVE_SECCOMP
    return true;
#else
    return false;
#endif
}

bool parse_sandbox_list(const std::string& text, bool have_dir, SandboxParts& out, std::string& error) {
    out = SandboxParts{};
    if (text == "none") return true;
    if (text == "auto") {
        out.seccomp = seccomp_available();
        out.rlimits = true;
        out.pidns = is_root();
        out.mountns = is_root() && have_dir;
        return true;
    }
    size_t start = 0;
    while (start <= text.size()) {
        size_t comma = text.find(',', start);
        std::string part = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (part == "seccomp")
            out.seccomp = true;
        else if (part == "mountns")
            out.mountns = true;
        else if (part == "pidns")
            out.pidns = true;
        else if (part == "rlimits")
            out.rlimits = true;
        else {
            error = "--sandbox: unknown part '" + part + "' (expected seccomp, mountns, pidns, rlimits, none or auto)";
            return false;
        }
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    if (out.seccomp && !seccomp_available()) {
        error = "--sandbox: seccomp is not available (built without libseccomp)";
        return false;
    }
    if ((out.mountns || out.pidns) && !is_root()) {
        error = "--sandbox: mountns and pidns need root";
        return false;
    }
    if (out.mountns && !have_dir) {
        error = "--sandbox: mountns needs --dir (the directory that becomes the instance's root)";
        return false;
    }
    return true;
}

bool join_cgroup(const std::string& dir, std::string& error) {
    std::string path = dir + "/cgroup.procs";
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        error = os_error(path);
        return false;
    }
    std::string pid = std::to_string(getpid()) + "\n";
    bool ok = ::write(fd, pid.data(), pid.size()) == ssize_t(pid.size());
    if (!ok) error = os_error(path);
    ::close(fd);
    return ok;
}

// ---------------------------------------------------------------- pid namespace

namespace {
volatile pid_t namespace_child = 0;

void forward_signal(int sig) {
    // SIGSTOP cannot be caught: a host suspending through the spawned pid sends SIGTSTP.
    if (namespace_child > 0) ::kill(namespace_child, sig == SIGTSTP ? SIGSTOP : sig);
}
}  // namespace

bool enter_pid_namespace(int& host_pid, std::string& error) {
    if (::unshare(CLONE_NEWPID) < 0) {
        error = os_error("unshare(CLONE_NEWPID)");
        return false;
    }
    // The signals the waiter forwards are held from before the fork until its handlers are
    // in place: the engine may be ready (and the host stopping it) before the waiter has run
    // again, and a SIGTERM then would kill the waiter instead of reaching the engine.
    const int forwarded[] = {SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGUSR2, SIGTSTP, SIGCONT};
    sigset_t held, before;
    sigemptyset(&held);
    for (int sig : forwarded) sigaddset(&held, sig);
    ::sigprocmask(SIG_BLOCK, &held, &before);
    pid_t child = ::fork();
    if (child < 0) {
        ::sigprocmask(SIG_SETMASK, &before, nullptr);
        error = os_error("fork");
        return false;
    }
    if (child == 0) {
        ::sigprocmask(SIG_SETMASK, &before, nullptr);
        // pid 1 of the namespace: die with the waiter rather than linger unseen.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        host_pid = 0;
        return true;
    }
    // The waiter: holds nothing the host watches (its ready pipe, the rings, the socket).
    namespace_child = child;
    ::syscall(SYS_close_range, 3u, ~0u, 0u);
    struct sigaction sa {};
    sa.sa_handler = forward_signal;
    sigemptyset(&sa.sa_mask);
    for (int sig : forwarded) ::sigaction(sig, &sa, nullptr);
    ::sigprocmask(SIG_SETMASK, &before, nullptr);  // what arrived meanwhile is forwarded now
    int status = 0;
    for (;;) {
        pid_t r = ::waitpid(child, &status, 0);
        if (r == child) break;
        if (r < 0 && errno != EINTR) _exit(1);
    }
    _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

// ---------------------------------------------------------------- mount namespace

bool enter_mount_namespace(const std::string& dir, std::string& error) {
    if (::unshare(CLONE_NEWNS) < 0) {
        error = os_error("unshare(CLONE_NEWNS)");
        return false;
    }
    // Nothing done here propagates back to the host's mounts.
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) < 0) {
        error = os_error("making / private");
        return false;
    }
    // The root moves to `dir` by chroot: no mount to detach (a detach waits for the kernel's
    // RCU grace periods, milliseconds while other instances' namespaces are torn down). What
    // chroot alone would leave open (chroot again, mount, pivot_root, unshare) the seccomp
    // filter refuses; the namespace keeps the mounts made here private.
    if (::chdir(dir.c_str()) < 0 || ::chroot(".") < 0 || ::chdir("/") < 0) {
        error = os_error("changing the root to " + dir);
        return false;
    }
    return true;
}

// ---------------------------------------------------------------- rlimits

int open_fd_directory() {
    return ::open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

namespace {
// The highest descriptor open now: from /proc/self/fd when it was opened in time (the soft
// limit inherited from Node can be a million, too many to probe one by one), else probed up
// to 4096.
int highest_open_fd(int fd_dir) {
    int highest = 2;
    if (fd_dir >= 0) {
        if (DIR* d = ::fdopendir(fd_dir)) {
            ::rewinddir(d);
            while (dirent* e = ::readdir(d)) {
                int fd = std::atoi(e->d_name);
                if (fd != ::dirfd(d) && fd > highest) highest = fd;
            }
            ::closedir(d);
            return highest;
        }
        ::close(fd_dir);
    }
    for (int fd = 3; fd < 4096; ++fd)
        if (::fcntl(fd, F_GETFD) >= 0) highest = fd;
    return highest;
}
}  // namespace

bool apply_rlimits(int fd_dir, int spare_fds, std::string& error) {
    int highest = highest_open_fd(fd_dir);
    struct Limit {
        int resource;
        rlim_t value;
        const char* name;
    } limits[] = {
        {RLIMIT_NOFILE, rlim_t(highest + 1 + spare_fds), "RLIMIT_NOFILE"},
        {RLIMIT_NPROC, 0, "RLIMIT_NPROC"},
        {RLIMIT_CORE, 0, "RLIMIT_CORE"},
        {RLIMIT_MEMLOCK, 0, "RLIMIT_MEMLOCK"},
    };
    for (const auto& l : limits) {
        rlimit r{};
        if (::getrlimit(l.resource, &r) < 0) {
            error = os_error(l.name);
            return false;
        }
        if (r.rlim_max != RLIM_INFINITY && r.rlim_max < l.value) continue;  // already lower
        r.rlim_cur = r.rlim_max = l.value;
        if (::setrlimit(l.resource, &r) < 0) {
            error = os_error(std::string("setting ") + l.name);
            return false;
        }
    }
    return true;
}

// ---------------------------------------------------------------- seccomp

#ifdef CLICKOS_HAVE_SECCOMP
// Built from seccomp_rules.cc when clickos-instance is built.
extern const sock_filter seccomp_program[];
extern const unsigned short seccomp_program_length;
#endif

namespace {
std::atomic<uint64_t> refusal_count{0};
std::atomic<int> last_refused{-1};

#ifdef CLICKOS_HAVE_SECCOMP
// SIGSYS from the filter's TRAP action: the call did not happen; make it return -EPERM.
void on_sigsys(int, siginfo_t* info, void* context) {
    auto* uc = static_cast<ucontext_t*>(context);
#if defined(__x86_64__)
    uc->uc_mcontext.gregs[REG_RAX] = -EPERM;
#elif defined(__aarch64__)
    uc->uc_mcontext.regs[0] = uint64_t(-EPERM);
#else
    (void)uc;  // not reached: other architectures refuse with ERRNO (see counted_action)
#endif
    refusal_count.fetch_add(1, std::memory_order_relaxed);
    last_refused.store(info->si_syscall, std::memory_order_relaxed);
}

#endif

}  // namespace

uint64_t refusals() {
    return refusal_count.load(std::memory_order_relaxed);
}

std::string last_refused_call() {
    int nr = last_refused.load(std::memory_order_relaxed);
    if (nr < 0) return "";
#ifdef CLICKOS_HAVE_SECCOMP
    if (char* name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr)) {
        std::string s = name;
        free(name);
        return s;
    }
#endif
    return "syscall " + std::to_string(nr);
}

bool apply_seccomp(std::string& error) {
#ifndef CLICKOS_HAVE_SECCOMP
    error = "seccomp is not available (built without libseccomp)";
    return false;
#else
    struct sigaction sa {};
    sa.sa_sigaction = on_sigsys;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    if (::sigaction(SIGSYS, &sa, nullptr) < 0) {
        error = os_error("sigaction(SIGSYS)");
        return false;
    }
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGSYS);
    ::sigprocmask(SIG_UNBLOCK, &set, nullptr);

    sock_fprog program{seccomp_program_length, const_cast<sock_filter*>(seccomp_program)};
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
        error = os_error("prctl(PR_SET_NO_NEW_PRIVS)");
        return false;
    }
    if (::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &program) < 0) {
        error = os_error("loading the seccomp filter");
        return false;
    }
    return true;
#endif
}

}  // namespace clickos::instance
