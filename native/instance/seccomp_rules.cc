#include "seccomp_rules.hh"

#include <fcntl.h>
#include <seccomp.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace clickos::instance {

namespace {

// What the running engine needs, hot-swaps included: memory, time, waiting (epoll: a new
// router brings its own poller and wake-up eventfd), I/O on descriptors already open,
// accepting control connections, futexes, signals, exit.
const char* const allowed_calls[] = {
    "read",
    "write",
    "readv",
    "writev",
    "pread64",
    "pwrite64",
    "close",
    "lseek",
    "fstat",
    "recvfrom",
    "recvmsg",
    "recvmmsg",
    "sendto",
    "sendmsg",
    "sendmmsg",
    "shutdown",
    "getsockopt",
    "setsockopt",
    "getsockname",
    "getpeername",
    "accept",
    "accept4",
    "epoll_create",
    "epoll_create1",
    "epoll_ctl",
    "epoll_wait",
    "epoll_pwait",
    "epoll_pwait2",
    "poll",
    "ppoll",
    "select",
    "pselect6",
    "eventfd",
    "eventfd2",
    "fcntl",
    "clock_gettime",
    "clock_getres",
    "clock_nanosleep",
    "nanosleep",
    "gettimeofday",
    "time",
    "mmap",
    "munmap",
    "mremap",
    "madvise",
    "mprotect",
    "brk",
    "futex",
    "set_robust_list",
    "get_robust_list",
    "rseq",
    "restart_syscall",
    "sched_yield",
    "exit",
    "exit_group",
    "rt_sigreturn",
    "rt_sigprocmask",
    "sigaltstack",
    "getpid",
    "gettid",
    "getppid",
    "getuid",
    "geteuid",
    "getgid",
    "getegid",
    "getrandom",
    "getrusage",
    "uname",
    "getcpu",
    "sched_getaffinity",
};

// Calls that reach outside the instance: refused and counted, so a hot-swap that needs
// them can be told apart ("restart required").
const char* const counted_refusals[] = {
    "open",   "openat",   "openat2", "creat",    "socket",     "socketpair", "connect",      "bind",     "listen",
    "execve", "execveat", "fork",    "vfork",    "clone",      "clone3",     "memfd_create", "pipe",     "pipe2",
    "mkdir",  "mkdirat",  "unlink",  "unlinkat", "rename",     "renameat",   "renameat2",    "truncate", "ptrace",
    "kill",   "mount",    "umount2", "chroot",   "pivot_root", "unshare",    "setns",
};

}  // namespace

bool build_seccomp_program(std::vector<uint8_t>& bpf, std::string& error) {
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
    if (!ctx) {
        error = "seccomp_init failed";
        return false;
    }
    int rc = 0;
    auto compare = [](unsigned arg, scmp_compare op, scmp_datum_t a, scmp_datum_t b = 0) {
        return scmp_arg_cmp{arg, op, a, b};
    };
    auto rule = [&](uint32_t action, const char* name, unsigned nargs = 0, scmp_arg_cmp arg = {}) {
        int nr = seccomp_syscall_resolve_name(name);
        if (nr == __NR_SCMP_ERROR || rc < 0) return;  // a call this architecture lacks
        int r = nargs ? seccomp_rule_add(ctx, action, nr, 1, arg) : seccomp_rule_add(ctx, action, nr, 0);
        if (r < 0 && r != -EEXIST) {
            rc = r;
            error = std::string("seccomp rule for ") + name + ": " + std::strerror(-r);
        }
    };
    for (const char* name : allowed_calls) rule(SCMP_ACT_ALLOW, name);
        // Where the SIGSYS handler knows how to set a call's result, refusals trap and are counted;
        // elsewhere they only fail (hotconfig then reports them as plain errors, not "restart
        // required").
#if defined(__x86_64__) || defined(__aarch64__)
    const uint32_t counted_action = SCMP_ACT_TRAP;
#else
    const uint32_t counted_action = SCMP_ACT_ERRNO(EPERM);
#endif
    for (const char* name : counted_refusals) rule(counted_action, name);
    // fstat through newfstatat on a descriptor only (AT_EMPTY_PATH), never on a path.
    rule(SCMP_ACT_ALLOW, "newfstatat", 1, compare(3, SCMP_CMP_MASKED_EQ, AT_EMPTY_PATH, AT_EMPTY_PATH));
    // Signal handlers may change, except SIGSYS's, which makes refusals return EPERM.
    rule(SCMP_ACT_ALLOW, "rt_sigaction", 1, compare(0, SCMP_CMP_NE, SIGSYS));
    // Reading resource limits, not raising them.
    rule(SCMP_ACT_ALLOW, "prlimit64", 1, compare(2, SCMP_CMP_EQ, 0));
    // (tgkill stays refused: the program is built once, without the instance's pid; abort()
    // still ends the process.)
    if (rc == 0) {
        int p[2];
        if (pipe(p) < 0) {
            rc = -errno;
        } else {
            rc = seccomp_export_bpf(ctx, p[1]);
            close(p[1]);
            uint8_t buf[4096];
            ssize_t n;
            while (rc == 0 && (n = read(p[0], buf, sizeof buf)) > 0) bpf.insert(bpf.end(), buf, buf + n);
            close(p[0]);
        }
    }
    if (rc < 0 && error.empty()) error = std::string("building the seccomp program: ") + std::strerror(-rc);
    seccomp_release(ctx);
    return rc == 0;
}

}  // namespace clickos::instance
