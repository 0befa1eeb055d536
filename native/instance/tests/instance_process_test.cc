// clickos-instance as a process, driven as a host drives it: spawned with a ring port
// (the test plays the switch's side of it), a ready pipe, and the control socket.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "clickos/platform.hh"
#include "netfront/port_memory.hh"
#include "netfront/ring.hh"

using namespace clickos;
using namespace clickos::netfront;

namespace {

// The switch's half of one port, handed to the instance as inherited descriptors.
struct SwitchSide {
    std::unique_ptr<PortMemory> mem;
    int fds[5] = {-1, -1, -1, -1, -1};  // mem, rx_data, rx_space, tx_data, tx_space
    RingProducer rx;
    RingConsumer tx;
    bool last_send_kicked = false;  // the instance was asleep: the last send() had to kick it

    explicit SwitchSide(uint32_t nslots = 64) {
        std::string e;
        mem = PortMemory::create("test", nslots, 1518, e);
        fds[0] = dup(mem->fd());
        for (int i = 1; i < 5; ++i) fds[i] = platform::create_event(e);
        rx = RingProducer(mem->rx(), nslots, fds[1]);
        tx = RingConsumer(mem->tx(), nslots, fds[4]);
    }
    std::string env() const {
        return "0:" + std::to_string(fds[0]) + "," + std::to_string(fds[1]) + "," + std::to_string(fds[2]) + "," +
               std::to_string(fds[3]) + "," + std::to_string(fds[4]);
    }
    // Puts as many of `frames` as fit into the receive ring; returns how many.
    size_t send(const std::vector<std::string>& frames, size_t from = 0, size_t upto = SIZE_MAX) {
        uint32_t room = rx.space();
        size_t n = std::min<size_t>(room, std::min(upto, frames.size()) - from);
        for (size_t i = 0; i < n; ++i) {
            Slot& s = rx.slot(uint32_t(i));
            std::memcpy(mem->frame(s.buf), frames[from + i].data(), frames[from + i].size());
            s.len = uint16_t(frames[from + i].size());
        }
        last_send_kicked = rx.publish(uint32_t(n));
        return n;
    }
    std::vector<std::string> receive() {
        std::vector<std::string> out;
        uint32_t n = tx.available();
        for (uint32_t i = 0; i < n; ++i) {
            Slot& s = tx.slot(i);
            out.emplace_back(reinterpret_cast<char*>(mem->frame(s.buf)), s.len);
        }
        tx.release(n);
        return out;
    }
};

// A ControlSocket client: one command, its whole answer.
class Client {
  public:
    explicit Client(const std::string& path) {
        fd_ = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un sa{};
        sa.sun_family = AF_UNIX;
        std::strncpy(sa.sun_path, path.c_str(), sizeof sa.sun_path - 1);
        if (connect(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa) < 0) {
            close(fd_);
            fd_ = -1;
            return;
        }
        greeting = line();
    }
    ~Client() {
        if (fd_ >= 0) close(fd_);
    }
    bool ok() const { return fd_ >= 0; }
    // The response lines (CRLF removed), and for a READ (data given) the value after them.
    std::vector<std::string> command(const std::string& cmd, std::string* data = nullptr) {
        send_all(cmd + "\r\n");
        return response(data);
    }
    std::vector<std::string> hotconfig(const std::string& text) {
        send_all("WRITEDATA hotconfig " + std::to_string(text.size()) + "\r\n" + text);
        return response(nullptr);
    }
    std::string read(const std::string& handler) {
        std::string data;
        auto r = command("READ " + handler, &data);
        return r.size() == 1 && r[0].rfind("200 ", 0) == 0 ? data : "ERROR: " + (r.empty() ? "" : r.back());
    }
    std::string greeting;

  private:
    void send_all(const std::string& s) {
        size_t off = 0;
        while (off < s.size()) {
            ssize_t n = ::send(fd_, s.data() + off, s.size() - off, MSG_NOSIGNAL);
            if (n <= 0) return;
            off += size_t(n);
        }
    }
    bool fill() {
        pollfd p{fd_, POLLIN, 0};
        if (poll(&p, 1, 10000) <= 0) return false;
        char buf[4096];
        ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
        if (n <= 0) return false;
        buf_.append(buf, size_t(n));
        return true;
    }
    std::string line() {
        size_t nl;
        while ((nl = buf_.find("\r\n")) == std::string::npos)
            if (!fill()) return "";
        std::string l = buf_.substr(0, nl);
        buf_.erase(0, nl + 2);
        return l;
    }
    std::vector<std::string> response(std::string* data) {
        std::vector<std::string> lines;
        for (;;) {
            std::string l = line();
            if (l.size() < 4) break;
            lines.push_back(l);
            if (l[3] == ' ') break;
        }
        if (data && !lines.empty() && lines.back().rfind("200 ", 0) == 0) {  // a READ's value follows
            std::string d = line();                                          // "DATA n"
            size_t n = d.size() > 5 ? std::stoul(d.substr(5)) : 0;
            while (buf_.size() < n)
                if (!fill()) break;
            if (data) *data = buf_.substr(0, n);
            buf_.erase(0, std::min(n, buf_.size()));
        }
        return lines;
    }
    int fd_ = -1;
    std::string buf_;
};

struct Spawned {
    pid_t pid = -1;
    std::string ready;  // the ready line
    std::string socket;
    std::string config;  // the --config file
    int status = -1;

    ~Spawned() { stop(); }
    void stop() {
        if (pid > 0) {
            kill(pid, SIGTERM);
            waitpid(pid, &status, 0);
            pid = -1;
        }
    }
};

// The instances' directory (sockets, configurations), removed when the tests end.
std::string test_dir() {
    struct Dir {
        std::string path;
        Dir() {
            char d[] = "/tmp/clickos-instance-proc-XXXXXX";
            path = mkdtemp(d);
        }
        ~Dir() { std::filesystem::remove_all(path); }
    };
    static Dir dir;
    return dir.path;
}

// Spawns the instance with the config (as a file), the port (if any), the sandbox list.
void spawn(Spawned& s, const std::string& config, const std::string& sandbox, SwitchSide* port = nullptr,
           const std::vector<std::string>& extra = {}) {
    const std::string name = "i";
    s.socket = test_dir() + "/" + name + ".sock";
    std::string cfg = s.config = test_dir() + "/" + name + ".click";
    if (!config.empty()) std::ofstream(cfg) << config;
    int ready[2];
    ASSERT_EQ(pipe(ready), 0);
    s.pid = fork();
    if (s.pid == 0) {
        close(ready[0]);
        if (port) {
            for (int fd : port->fds) fcntl(fd, F_SETFD, 0);  // inherited across exec
            setenv("CLICKOS_NETFRONT_PORTS", port->env().c_str(), 1);
        }
        std::vector<std::string> args = {CLICKOS_INSTANCE_BINARY,
                                         "--control",
                                         s.socket,
                                         "--ready-fd",
                                         std::to_string(ready[1]),
                                         "--sandbox",
                                         sandbox,
                                         "--dir",
                                         test_dir()};
        if (!config.empty()) args.insert(args.end(), {"--config", cfg});
        args.insert(args.end(), extra.begin(), extra.end());
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(ready[1]);
    char buf[4096];
    ssize_t n;
    while ((n = read(ready[0], buf, sizeof buf)) > 0) s.ready.append(buf, size_t(n));
    close(ready[0]);
}

std::string frame(int i) {
    return "frame-" + std::to_string(i) + std::string(60, char('a' + i % 26));
}

// Collects frames from the transmit ring until `count` arrived or 5 s passed, meanwhile
// sending `more` from index `sent` on.
std::vector<std::string> collect(SwitchSide& port, size_t count, const std::vector<std::string>& more = {},
                                 size_t sent = 0) {
    std::vector<std::string> got;
    int64_t deadline = platform::monotonic_ns() + 5'000'000'000;
    while (got.size() < count && platform::monotonic_ns() < deadline) {
        if (sent < more.size()) sent += port.send(more, sent);
        auto f = port.receive();
        got.insert(got.end(), f.begin(), f.end());
        if (f.empty()) usleep(1000);
    }
    return got;
}

}  // namespace

TEST(InstanceProcess, BootsReadyAndAnswersTheControlProtocol) {
    Spawned s;
    spawn(s, "Idle -> c :: Counter -> Discard;", "none");
    ASSERT_EQ(s.ready.rfind("{\"ready\":true,\"pid\":" + std::to_string(s.pid) + ",\"generation\":1,", 0), 0u)
        << s.ready;
    struct stat st {};
    ASSERT_EQ(stat(s.socket.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    Client c(s.socket);
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c.greeting, "Click::ControlSocket/1.3");
    EXPECT_EQ(c.read("c.count"), "0\n");
    EXPECT_EQ(c.read("generation"), "1\n");
    EXPECT_EQ(c.read("sandbox"), "none\n");
    EXPECT_EQ(c.command("WRITE c.reset"), std::vector<std::string>{"200 Write handler 'c.reset' OK"});
    EXPECT_EQ(c.command("CHECKREAD c.count"), std::vector<std::string>{"200 Read handler 'c.count' OK"});
    EXPECT_EQ(c.command("CHECKWRITE c.count"), std::vector<std::string>{"511 Handler 'c.count' not writable"});
    EXPECT_EQ(c.command("CHECKWRITE hotconfig"), std::vector<std::string>{"200 Write handler 'hotconfig' OK"});
    EXPECT_EQ(c.command("READ nosuch.count"), std::vector<std::string>{"510 No element named 'nosuch'"});
    EXPECT_EQ(c.command("LLRPC c#1"), std::vector<std::string>{"501 Cannot call LLRPC 'c#1' remotely"});
    Client second(s.socket);  // several connections at once
    EXPECT_EQ(second.read("c.count"), "0\n");
    EXPECT_EQ(c.command("QUIT"), std::vector<std::string>{"200 Goodbye!"});
    EXPECT_EQ(second.read("config"), "Idle -> c :: Counter -> Discard;");
    s.stop();
    EXPECT_TRUE(WIFEXITED(s.status) && WEXITSTATUS(s.status) == 0) << s.status;
}

TEST(InstanceProcess, BadBootConfigFailsWithItsLocation) {
    Spawned s;
    spawn(s, "Idle -> Countr -> Discard;", "none");
    EXPECT_NE(s.ready.find("{\"ready\":false,\"error\":\"configuration errors:\\n"), std::string::npos) << s.ready;
    EXPECT_NE(s.ready.find(s.config + ":1:9: unknown element class 'Countr'"), std::string::npos) << s.ready;
    waitpid(s.pid, &s.status, 0);
    s.pid = -1;
    EXPECT_TRUE(WIFEXITED(s.status) && WEXITSTATUS(s.status) == 1) << s.status;
}

TEST(InstanceProcess, WithoutConfigAnEmptyRouterWaitsForHotconfig) {
    Spawned s;
    spawn(s, "", "none");
    ASSERT_NE(s.ready.find("\"generation\":0"), std::string::npos) << s.ready;
    Client c(s.socket);
    EXPECT_EQ(c.read("list"), "0\n");
    EXPECT_EQ(c.hotconfig("Idle -> c :: Counter -> Discard;"),
              std::vector<std::string>{"200 Write handler 'hotconfig' OK"});
    EXPECT_EQ(c.read("generation"), "1\n");
    EXPECT_EQ(c.read("c.count"), "0\n");
}

TEST(InstanceProcess, BadHotconfigKeepsTheOldConfigRunning) {
    SwitchSide port;
    Spawned s;
    spawn(s, "FromNetfront(0) -> c :: Counter -> ToNetfront(0);", "none", &port);
    ASSERT_NE(s.ready.find("\"ready\":true"), std::string::npos) << s.ready;
    std::vector<std::string> frames = {frame(0), frame(1), frame(2)};
    port.send(frames);
    EXPECT_EQ(collect(port, 3), frames);
    Client c(s.socket);
    auto r = c.hotconfig("FromNetfront(0) -> c :: Counter -> Queue(-1) -> ToNetfront(0);\nx :: Nope;\n");
    ASSERT_GE(r.size(), 2u);
    EXPECT_EQ(r[0], "520-Write handler 'hotconfig' error:");
    EXPECT_EQ(r.back(), "520 " + s.config + ":2:1: unknown element class 'Nope' (element 'x')");
    EXPECT_EQ(c.read("generation"), "1\n");
    std::vector<std::string> later = {frame(3), frame(4)};
    port.send(later);
    EXPECT_EQ(collect(port, 2), later);
    EXPECT_EQ(c.read("c.count"), "5\n");
}

TEST(InstanceProcess, FramesInTheRingAndInAQueueSurviveAHotSwap) {
    SwitchSide port(64);
    Spawned s;
    spawn(s, "rx :: FromNetfront(0) -> c :: Counter -> q :: Queue(1000) -> tx :: ToNetfront(0);", "none", &port);
    ASSERT_NE(s.ready.find("\"ready\":true"), std::string::npos) << s.ready;
    std::vector<std::string> frames;
    for (int i = 0; i < 300; ++i) frames.push_back(frame(i));
    // Nobody drains the transmit ring yet: 64 frames fill it, the rest wait in q or in the
    // receive ring.
    size_t sent = 0;
    Client c(s.socket);
    for (int round = 0; round < 5000 && sent < 200; ++round) {
        sent += port.send(frames, sent, 200);
        usleep(1000);
    }
    ASSERT_EQ(sent, 200u);
    // Waits (up to 5 s, the machine may be busy) until the instance took all 200 and its
    // ToNetfront filled the transmit ring.
    for (int k = 0; k < 5000 && (c.read("c.count") != "200\n" || c.read("q.length") != "136\n"); ++k) usleep(1000);
    ASSERT_EQ(c.read("c.count"), "200\n");
    EXPECT_EQ(c.read("q.length"), "136\n");  // 200 - 64 in the full transmit ring
    sent += port.send(frames, sent);         // 64 more into the receive ring, in flight
    EXPECT_EQ(c.hotconfig("rx :: FromNetfront(0) -> c :: Counter -> q :: Queue(1000) -> c2 :: Counter -> "
                          "tx :: ToNetfront(0);"),
              std::vector<std::string>{"200 Write handler 'hotconfig' OK"});
    EXPECT_EQ(c.read("generation"), "2\n");
    auto got = collect(port, frames.size(), frames, sent);
    EXPECT_EQ(got, frames);
    EXPECT_EQ(c.read("c.count"), "300\n");
    EXPECT_EQ(c.read("rx.count"), "300\n");
    EXPECT_EQ(c.read("tx.count"), "300\n");
}

TEST(InstanceProcess, SandboxedHotconfigNeedingFilesOrSocketsAsksForARestart) {
    Spawned s;
    spawn(s, "Idle -> c :: Counter -> Discard;", "seccomp,rlimits");
    ASSERT_NE(s.ready.find("\"sandbox\":\"seccomp,rlimits\""), std::string::npos) << s.ready;
    Client c(s.socket);
    auto r = c.hotconfig("FromDump(/etc/hostname) -> Discard;");
    ASSERT_GE(r.size(), 3u);
    EXPECT_EQ(r[0], "540-Write handler 'hotconfig' error:");
    EXPECT_EQ(r[1],
              "540-restart required: the configuration opens files or sockets, which the sandbox forbids "
              "(refused: openat)");
    EXPECT_NE(r.back().find("Operation not permitted"), std::string::npos) << r.back();
    r = c.hotconfig("ControlSocket(UNIX, /tmp/clickos-instance-test-cs.sock);");
    ASSERT_GE(r.size(), 2u);
    EXPECT_EQ(r[1],
              "540-restart required: the configuration opens files or sockets, which the sandbox forbids "
              "(refused: socket)");
    EXPECT_EQ(c.read("generation"), "1\n");
    // A configuration without files still hot-swaps inside the sandbox.
    EXPECT_EQ(c.hotconfig("Idle -> c :: Counter -> Queue -> Discard;"),
              std::vector<std::string>{"200 Write handler 'hotconfig' OK"});
    EXPECT_EQ(c.read("generation"), "2\n");
    s.stop();  // SIGTERM ends it cleanly inside the filter too
    EXPECT_TRUE(WIFEXITED(s.status) && WEXITSTATUS(s.status) == 0) << s.status;
}

TEST(InstanceProcess, StoppedConfigStillAnswersAndAcceptsHotconfig) {
    Spawned s;
    spawn(s, "InfiniteSource(LIMIT 3, STOP true) -> c :: Counter -> Discard;", "none");
    ASSERT_NE(s.ready.find("\"ready\":true"), std::string::npos) << s.ready;
    Client c(s.socket);
    for (int k = 0; k < 5000 && c.read("c.count") != "3\n"; ++k) usleep(1000);
    EXPECT_EQ(c.read("c.count"), "3\n");
    EXPECT_EQ(c.hotconfig("Idle -> c :: Counter -> Discard;"),
              std::vector<std::string>{"200 Write handler 'hotconfig' OK"});
    EXPECT_EQ(c.read("c.count"), "3\n");
    EXPECT_EQ(c.read("generation"), "2\n");
}

TEST(InstanceProcess, MountAndPidNamespacesConfineTheInstance) {
    if (geteuid() != 0) GTEST_SKIP() << "mount and pid namespaces need root";
    Spawned s;
    spawn(s, "Idle -> Discard;", "mountns,pidns");
    ASSERT_NE(s.ready.find("\"sandbox\":\"mountns,pidns\""), std::string::npos) << s.ready;
    // The engine is a child of the spawned waiter.
    std::string pid_field = s.ready.substr(s.ready.find("\"pid\":") + 6);
    int engine = std::atoi(pid_field.c_str());
    EXPECT_NE(engine, s.pid);
    std::ifstream status("/proc/" + std::to_string(engine) + "/status");
    std::string line, ppid;
    while (std::getline(status, line))
        if (line.rfind("PPid:", 0) == 0) ppid = line.substr(5);
    EXPECT_EQ(std::atoi(ppid.c_str()), s.pid);
    // Files outside --dir do not exist for it; without seccomp that is a plain error.
    Client c(s.socket);
    auto r = c.hotconfig("FromDump(/etc/hostname) -> Discard;");
    ASSERT_GE(r.size(), 2u);
    EXPECT_EQ(r[0], "520-Write handler 'hotconfig' error:");
    EXPECT_NE(r.back().find("No such file or directory"), std::string::npos) << r.back();
    s.stop();
    EXPECT_TRUE(WIFEXITED(s.status) && WEXITSTATUS(s.status) == 0) << s.status;
}

TEST(InstanceProcess, PackagesLoadedAtBootServeLaterHotconfigsInTheSandbox) {
    if (access(TEST_PACKAGE_DIR "/hello_package.so", R_OK) != 0) GTEST_SKIP() << "hello_package not built";
    Spawned s;
    spawn(s, "require(package hello_package);\nIdle -> HelloMark -> Discard;", "seccomp,rlimits", nullptr,
          {"--package-path", TEST_PACKAGE_DIR});
    ASSERT_NE(s.ready.find("\"ready\":true"), std::string::npos) << s.ready;
    Client c(s.socket);
    // Loaded at boot: usable again without touching the file system.
    EXPECT_EQ(c.hotconfig("require(package hello_package);\nIdle -> h :: HelloMark -> c :: Counter -> Discard;"),
              std::vector<std::string>{"200 Write handler 'hotconfig' OK"});
    EXPECT_EQ(c.read("h.class"), "HelloMark\n");
    // Another package would have to be loaded now (column 9: the argument after "require(").
    auto r = c.hotconfig("require(package old_package);\nIdle -> Discard;");
    ASSERT_EQ(r.size(), 3u);
    EXPECT_EQ(r[1], "540-restart required: element package 'old_package' must be loaded, which the sandbox forbids");
    EXPECT_EQ(r[2],
              "540 " + s.config + ":1:9: require(package old_package): the package is not loaded in this instance");
    EXPECT_EQ(c.read("generation"), "2\n");
}

TEST(InstanceProcess, JoinsTheCgroupItIsGivenFirstThing) {
    std::string hierarchy = "/sys/fs/cgroup/memory";
    if (geteuid() != 0 || access((hierarchy + "/cgroup.procs").c_str(), W_OK) != 0)
        GTEST_SKIP() << "needs root and a cgroup v1 memory hierarchy at " << hierarchy;
    std::string group = hierarchy + "/clickos-instance-test-" + std::to_string(getpid());
    ASSERT_EQ(mkdir(group.c_str(), 0755), 0) << std::strerror(errno);
    {
        Spawned s;
        spawn(s, "Idle -> Discard;", "pidns", nullptr, {"--cgroup", group});
        ASSERT_NE(s.ready.find("\"ready\":true"), std::string::npos) << s.ready;
        int engine = std::atoi(s.ready.substr(s.ready.find("\"pid\":") + 6).c_str());
        // Both the waiter and the engine (forked after joining) are members.
        std::ifstream procs(group + "/cgroup.procs");
        std::vector<int> members;
        for (int pid; procs >> pid;) members.push_back(pid);
        std::sort(members.begin(), members.end());
        std::vector<int> expected = {int(s.pid), engine};
        std::sort(expected.begin(), expected.end());
        EXPECT_EQ(members, expected);
    }
    // Empty once the instance ended; then it can go.
    for (int k = 0; k < 100 && rmdir(group.c_str()) != 0; ++k) usleep(10000);
    EXPECT_NE(access(group.c_str(), F_OK), 0);
}

TEST(InstanceProcess, AMissingCgroupFailsTheBoot) {
    Spawned s;
    spawn(s, "Idle -> Discard;", "none", nullptr, {"--cgroup", "/nonexistent/clickos-group"});
    EXPECT_EQ(s.ready,
              "{\"ready\":false,\"error\":\"--cgroup: /nonexistent/clickos-group/cgroup.procs: No such file or "
              "directory\"}\n");
    waitpid(s.pid, &s.status, 0);
    s.pid = -1;
    EXPECT_TRUE(WIFEXITED(s.status) && WEXITSTATUS(s.status) == 1) << s.status;
}

TEST(InstanceProcess, CpusRestrictsWhereTheInstanceRuns) {
    Spawned s;
    spawn(s, "Idle -> Discard;", "none", nullptr, {"--cpus", "0"});
    ASSERT_NE(s.ready.find("\"ready\":true"), std::string::npos) << s.ready;
    std::ifstream status("/proc/" + std::to_string(s.pid) + "/status");
    std::string line, allowed;
    while (std::getline(status, line))
        if (line.rfind("Cpus_allowed_list:", 0) == 0) allowed = line.substr(line.find_first_not_of(" \t", 18));
    EXPECT_EQ(allowed, "0");
}

// clickos-instance OPTION VALUE is refused as a usage error (2) before anything starts.
void expect_usage_error(const std::string& option, const std::string& value) {
    Spawned s;
    spawn(s, "Idle -> Discard;", "none", nullptr, {option, value});
    EXPECT_EQ(s.ready, "") << option << " " << value;  // refused before anything started
    waitpid(s.pid, &s.status, 0);
    s.pid = -1;
    EXPECT_TRUE(WIFEXITED(s.status) && WEXITSTATUS(s.status) == 2) << option << " " << value << " " << s.status;
}

TEST(InstanceProcess, ABadCpuListIsAUsageError) {
    for (const char* list : {"1-0", "0,,1", "x"}) expect_usage_error("--cpus", list);
    // A CPU this host does not have, alone or next to one it has: the boot fails with the reason.
    for (const char* list : {"1023", "0,1023"}) {
        Spawned absent;
        spawn(absent, "Idle -> Discard;", "none", nullptr, {"--cpus", list});
        EXPECT_NE(absent.ready.find("--cpus: cannot run on the CPUs asked for"), std::string::npos)
            << list << ": " << absent.ready;
        waitpid(absent.pid, &absent.status, 0);
        absent.pid = -1;
        EXPECT_TRUE(WIFEXITED(absent.status) && WEXITSTATUS(absent.status) == 1) << list << " " << absent.status;
    }
}

TEST(InstanceProcess, APollWindowKeepsTheInstanceAwakeAfterWork) {
    // Without a window the instance sleeps as soon as its ring is empty: between two reads of
    // `sleeps` it slept before the burst and again after it. Within a window (1 s here, longer
    // than the test's steps) it polls after the burst instead: one sleep, the one before it.
    // Every frame arrives either way.
    std::vector<std::string> frames;
    for (int i = 0; i < 10; ++i) frames.push_back(frame(i));
    for (const char* poll_us : {"0", "1000000"}) {
        SwitchSide port(64);
        Spawned s;
        spawn(s, "FromNetfront(0) -> c :: Counter -> ToNetfront(0);", "none", &port, {"--poll-us", poll_us});
        ASSERT_NE(s.ready.find("\"ready\":true"), std::string::npos) << s.ready;
        Client c(s.socket);
        usleep(20000);
        long before = std::stol(c.read("sleeps"));
        EXPECT_EQ(collect(port, frames.size(), frames), frames) << poll_us;
        usleep(20000);  // the instance has long found its ring empty
        long after = std::stol(c.read("sleeps"));
        if (std::string(poll_us) == "0")
            EXPECT_GE(after - before, 2) << poll_us;
        else
            EXPECT_EQ(after - before, 1) << poll_us;
        EXPECT_EQ(c.read("c.count"), "10\n") << poll_us;
    }
}

TEST(InstanceProcess, ABadPollWindowIsAUsageError) {
    for (const char* value : {"", "-1", "50us", "1000001"}) expect_usage_error("--poll-us", value);
}
