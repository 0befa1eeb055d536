// The sandbox of an instance process: what clickos-instance does to itself around set-up.
// Before set-up: join the host's cgroups, take a pid namespace (fork; the first process
// stays as a waiter), take a mount namespace whose root is the instance's directory. After
// set-up: lower resource limits and close the seccomp allow-list. This is host-program code
// (like the switch), so it calls the OS directly.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace clickos::instance {

struct SandboxParts {
    bool seccomp = false;
    bool mountns = false;
    bool pidns = false;
    bool rlimits = false;
    std::string str() const;  // "seccomp,rlimits", or "none"
};

// "seccomp,mountns,pidns,rlimits" (any subset, any order), "none", or "auto" (seccomp and
// rlimits, plus mountns and pidns when running as root; mountns only with a directory).
bool parse_sandbox_list(const std::string& text, bool have_dir, SandboxParts& out, std::string& error);

// Whether seccomp support was compiled in (libseccomp found at build time).
bool seccomp_available();

// Writes this process's pid into DIR/cgroup.procs (the host created and limited DIR).
bool join_cgroup(const std::string& dir, std::string& error);

// Enters a new pid namespace: forks; returns in the child (pid 1 of the namespace). The
// parent closes its descriptors, forwards SIGTERM/SIGINT/SIGHUP/SIGUSR1/SIGUSR2/SIGCONT to the
// child (SIGTSTP as SIGSTOP) and exits with the child's status, so it never returns. `host_pid` is the child's pid as
// the host sees it.
bool enter_pid_namespace(int& host_pid, std::string& error);

// Enters a new mount namespace (mounts private) and makes `dir` the root (chroot), so files
// opened afterwards can only be inside `dir`; the seccomp filter keeps it that way.
bool enter_mount_namespace(const std::string& dir, std::string& error);

// Lowers RLIMIT_NOFILE (to the highest descriptor open now plus `spare_fds`), RLIMIT_NPROC
// (0: no new processes for non-root users), RLIMIT_CORE and RLIMIT_MEMLOCK (0). `fd_dir`
// comes from open_fd_directory(), called while /proc is visible (before the mount
// namespace); apply_rlimits closes it.
int open_fd_directory();
bool apply_rlimits(int fd_dir, int spare_fds, std::string& error);

// Closes the seccomp allow-list (see sandbox.cc for the list). Calls that open files, create
// sockets, load code or create processes fail with EPERM and are counted (refusals()); any
// other call outside the list fails with EPERM silently. Irreversible.
bool apply_seccomp(std::string& error);

// Calls refused by the seccomp filter so far, and the name of the last one.
uint64_t refusals();
std::string last_refused_call();

}  // namespace clickos::instance
