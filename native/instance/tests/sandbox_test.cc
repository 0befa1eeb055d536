// The sandbox parts, each tried in a forked child (they cannot be undone). The child reports
// what it saw through a pipe; the parent checks it. Root-only parts skip with the reason.
#include "instance/sandbox.hh"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>

#include "instance/installer.hh"

using namespace clickos::instance;

namespace {

// Runs `body` in a child; returns what it wrote to its pipe (or "exit N"/"signal N" if it
// did not end normally with status 0).
std::string in_child(const std::function<std::string()>& body) {
    int p[2];
    if (pipe(p) < 0) return "pipe failed";
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        std::string out = body();
        [[maybe_unused]] ssize_t n = write(p[1], out.data(), out.size());
        _exit(0);
    }
    close(p[1]);
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = read(p[0], buf, sizeof buf)) > 0) out.append(buf, size_t(n));
    close(p[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) return out + " signal " + std::to_string(WTERMSIG(status));
    if (WEXITSTATUS(status) != 0) return out + " exit " + std::to_string(WEXITSTATUS(status));
    return out;
}

std::string errno_name(int e) {
    switch (e) {
        case 0: return "ok";
        case EPERM: return "EPERM";
        case ENOENT: return "ENOENT";
        default: return "errno " + std::to_string(e);
    }
}

// "ok" if the call succeeded (r >= 0), else the errno's name.
std::string outcome(long r) {
    return r >= 0 ? "ok" : errno_name(errno);
}

}  // namespace

TEST(Sandbox, ParsesTheList) {
    SandboxParts p;
    std::string error;
    ASSERT_TRUE(parse_sandbox_list("none", false, p, error));
    EXPECT_EQ(p.str(), "none");
    ASSERT_TRUE(parse_sandbox_list("rlimits", false, p, error));
    EXPECT_EQ(p.str(), "rlimits");
    EXPECT_FALSE(parse_sandbox_list("seccomp,chroot", false, p, error));
    EXPECT_NE(error.find("unknown part 'chroot'"), std::string::npos) << error;
    if (geteuid() == 0) {
        EXPECT_FALSE(parse_sandbox_list("mountns", false, p, error));
        EXPECT_NE(error.find("mountns needs --dir"), std::string::npos) << error;
        ASSERT_TRUE(parse_sandbox_list("auto", true, p, error));
        EXPECT_EQ(p.str(), std::string(seccomp_available() ? "seccomp," : "") + "mountns,pidns,rlimits");
    } else {
        EXPECT_FALSE(parse_sandbox_list("pidns", false, p, error));
        EXPECT_NE(error.find("need root"), std::string::npos) << error;
    }
}

TEST(Sandbox, SeccompRefusesFilesSocketsExecAndFork) {
    if (!seccomp_available()) GTEST_SKIP() << "built without libseccomp";
    std::string r = in_child([] {
        std::string error;
        if (!apply_seccomp(error)) return "apply: " + error;
        std::string s;
        s += "open " + outcome(::open("/etc/hostname", O_RDONLY)) + "\n";
        s += "socket " + outcome(::socket(AF_UNIX, SOCK_STREAM, 0)) + "\n";
        char* argv[] = {const_cast<char*>("/bin/true"), nullptr};
        s += "exec " + outcome(::execv("/bin/true", argv)) + "\n";
        pid_t f = ::fork();
        if (f == 0) _exit(0);
        s += "fork " + outcome(f) + "\n";
        size_t refused_before_escape = refusals();
        // What would undo a changed root: refused too (chroot and mount counted, fchdir not).
        std::string chroot_r = outcome(::chroot("/tmp"));
        std::string fchdir_r = outcome(::fchdir(0));
        std::string mount_r = outcome(::mount("none", "/tmp", "tmpfs", 0, nullptr));
        s += "chroot " + chroot_r + " fchdir " + fchdir_r + " mount " + mount_r + " counted " +
             std::to_string(refusals() - refused_before_escape) + "\n";
        s += "refusals " + std::to_string(refusals()) + " last " + last_refused_call() + "\n";
        // What the engine needs keeps working.
        int ep = ::epoll_create1(EPOLL_CLOEXEC);
        int ev = ::eventfd(0, EFD_NONBLOCK);
        uint64_t one = 1;
        bool ev_ok = ev >= 0 && ::write(ev, &one, 8) == 8 && ::read(ev, &one, 8) == 8;
        void* m = ::mmap(nullptr, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        std::string big(3 << 20, 'x');  // malloc: brk or mmap
        s += "epoll " + outcome(ep) + " eventfd " + std::string(ev_ok ? "ok" : "failed") + " mmap " +
             std::string(m != MAP_FAILED ? "ok" : "failed") + " malloc " +
             std::string(big.size() == (3u << 20) ? "ok" : "failed") + "\n";
        return s;
    });
    // The fork's child (if the filter let it through) would have run this code too; the
    // filter refused it, so exactly the refused calls of the list are counted (not fchdir).
    EXPECT_EQ(r,
              "open EPERM\nsocket EPERM\nexec EPERM\nfork EPERM\nchroot EPERM fchdir EPERM mount EPERM counted 2\n"
              "refusals 6 last mount\nepoll ok eventfd ok mmap ok malloc ok\n");
}

TEST(Sandbox, SeccompRefusalMakesHotconfigAskForARestart) {
    if (!seccomp_available()) GTEST_SKIP() << "built without libseccomp";
    std::string r = in_child([] {
        Installer installer;
        InstallResult before = installer.install("Idle -> Discard;", "x.click");
        std::string error;
        if (!apply_seccomp(error)) return "apply: " + error;
        installer.close_sandbox(true);
        std::string s;
        // Needs no file: installs.
        InstallResult ok = installer.install("Idle -> c :: Counter -> Discard;", "x.click");
        s += std::string(ok.outcome == InstallResult::Outcome::Ok ? "ok" : "not ok") + "\n";
        // FromDump opens its file when initialized.
        InstallResult file = installer.install("FromDump(/etc/hostname) -> Discard;", "x.click");
        s += std::string(file.outcome == InstallResult::Outcome::RestartRequired ? "restart" : "no restart") + "\n";
        s += file.restart_reason + "\n";
        // A plain mistake stays a plain error.
        InstallResult bad = installer.install("Idle -> Countr -> Discard;", "x.click");
        s += std::string(bad.outcome == InstallResult::Outcome::Invalid ? "invalid" : "not invalid") + "\n";
        s += (bad.errors.empty() ? "" : bad.errors[0]) + "\n";
        return s;
    });
    EXPECT_EQ(r,
              "ok\nrestart\nthe configuration opens files or sockets, which the sandbox forbids (refused: openat)\n"
              "invalid\nx.click:1:9: unknown element class 'Countr'\n");
}

TEST(Sandbox, RlimitsCapDescriptorsAndProcesses) {
    std::string r = in_child([] {
        int fd_dir = open_fd_directory();
        int extra = ::open("/dev/null", O_RDONLY);
        // Far above what the test process holds: the highest open descriptor is now 902.
        for (int i = 0; i < 3; ++i) ::dup2(extra, 900 + i);
        std::string error;
        if (!apply_rlimits(fd_dir, 16, error)) return "apply: " + error;
        rlimit nofile{}, nproc{}, core{};
        getrlimit(RLIMIT_NOFILE, &nofile);
        getrlimit(RLIMIT_NPROC, &nproc);
        getrlimit(RLIMIT_CORE, &core);
        return "nofile " + std::to_string(nofile.rlim_cur) + " nproc " + std::to_string(nproc.rlim_cur) + " core " +
               std::to_string(core.rlim_cur);
    });
    EXPECT_EQ(r, "nofile 919 nproc 0 core 0");  // 902 + 1 + 16
}

TEST(Sandbox, MountNamespaceLeavesOnlyTheInstanceDirectory) {
    if (geteuid() != 0) GTEST_SKIP() << "mount namespaces need root";
    char dir[] = "/tmp/clickos-instance-test-XXXXXX";
    ASSERT_TRUE(mkdtemp(dir));
    std::ofstream(std::string(dir) + "/inside.txt") << "hello";
    std::string r = in_child([&] {
        std::string error;
        if (!enter_mount_namespace(dir, error)) return "enter: " + error;
        std::string s = "inside " + outcome(::open("/inside.txt", O_RDONLY));
        s += " outside " + outcome(::open("/etc/hostname", O_RDONLY));
        s += " tmp " + outcome(::open((std::string(dir) + "/inside.txt").c_str(), O_RDONLY));
        return s;
    });
    EXPECT_EQ(r, "inside ok outside ENOENT tmp ENOENT");
    std::remove((std::string(dir) + "/inside.txt").c_str());
    rmdir(dir);
}

TEST(Sandbox, PidNamespaceMakesTheEnginePidOne) {
    if (geteuid() != 0) GTEST_SKIP() << "pid namespaces need root";
    std::string r = in_child([] {
        int host_pid = -1;
        std::string error;
        if (!enter_pid_namespace(host_pid, error)) return "enter: " + error;
        // Only the namespace's child gets here; the waiter exits with our status.
        return "pid " + std::to_string(getpid()) + " kill-host-init " + outcome(::kill(1, 0)) + " parent " +
               std::to_string(getppid());
    });
    // pid 1 is ourselves now; the waiter, outside the namespace, shows as parent 0.
    EXPECT_EQ(r, "pid 1 kill-host-init ok parent 0");
}
