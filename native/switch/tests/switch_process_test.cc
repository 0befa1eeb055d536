// clickos-switch as a process: attach over the control socket, traffic between two ring
// clients, a client dying, the switch killed and restarted with its ports reattached, and
// malformed requests. Everything stays on this machine (a unix socket in /tmp).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>

#include "clickos/platform.hh"
#include "netfront/control_channel.hh"
#include "netfront/port_memory.hh"
#include "netfront/switch_client.hh"

using namespace clickos;
using namespace clickos::netfront;

namespace {

struct SwitchProcess {
    pid_t pid = -1;
    std::string socket;
    explicit SwitchProcess(const std::string& path) : socket(path) { start(); }
    void start() {
        unlink(socket.c_str());
        pid = fork();
        if (pid == 0) {
            execl(CLICKOS_SWITCH_BINARY, "clickos-switch", "--socket", socket.c_str(), (char*)nullptr);
            _exit(127);
        }
        for (int i = 0; i < 200 && access(socket.c_str(), F_OK) != 0; ++i) usleep(10000);
    }
    void kill_hard() {
        if (pid > 0) {
            ::kill(pid, SIGKILL);
            waitpid(pid, nullptr, 0);
            pid = -1;
        }
    }
    ~SwitchProcess() {
        if (pid > 0) {
            ::kill(pid, SIGTERM);
            waitpid(pid, nullptr, 0);
        }
        unlink(socket.c_str());
    }
};

// An instance's side of a port, opened through the switch.
struct Client {
    AttachResult r;
    std::unique_ptr<PortMemory> mem;
    RingProducer tx;
    RingConsumer rx;
    bool open(const std::string& socket, const std::string& sw, std::string& error, bool busy = false) {
        AttachRequest req;
        req.busy = busy;
        req.socket_path = socket;
        req.switch_name = sw;
        req.slots = 64;
        req.name = "test";
        if (!attach_port(req, r, error)) return false;
        mem = PortMemory::attach(dup(r.fds.mem), error);
        if (!mem) return false;
        tx = RingProducer(mem->tx(), 64, r.fds.tx_data);
        rx = RingConsumer(mem->rx(), 64, r.fds.rx_space);
        return true;
    }
    void send(const std::string& f) {
        Slot& s = tx.slot(0);
        std::memcpy(mem->frame(s.buf), f.data(), f.size());
        s.len = uint16_t(f.size());
        tx.publish(1);
    }
    // Waits (sleeping on the rx kick) up to 2 s for n frames.
    std::vector<std::string> receive(size_t n) {
        std::vector<std::string> out;
        int64_t deadline = platform::monotonic_ns() + 2'000'000'000;
        while (out.size() < n && platform::monotonic_ns() < deadline) {
            uint32_t k = rx.available();
            if (k == 0) {
                if (rx.prepare_sleep()) {
                    platform::wait_readable(r.fds.rx_data, 100'000'000);
                    platform::consume_event(r.fds.rx_data);
                }
                continue;
            }
            for (uint32_t i = 0; i < k; ++i)
                out.emplace_back(reinterpret_cast<char*>(mem->frame(rx.slot(i).buf)), rx.slot(i).len);
            rx.release(k);
        }
        return out;
    }
};

std::string control(const std::string& socket, const std::string& line) {
    std::string error, reply;
    int fd = platform::connect_unix(socket, error);
    if (fd < 0) return "connect failed: " + error;
    std::vector<int> fds;
    if (!request(fd, line, {}, reply, fds, error)) reply = "request failed: " + error;
    platform::close_fd(fd);
    return reply;
}

const std::string bcast_frame = std::string(6, '\xff') + std::string("\x02\x00\x00\x00\x00\x01\x08\x00", 8) + "hello";

}  // namespace

TEST(SwitchProcess, AttachForwardDetachRestartReattach) {
    std::string sock = "/tmp/clickos-switch-test-" + std::to_string(getpid()) + ".sock";
    SwitchProcess sw(sock);
    std::string e;
    Client a, b;
    ASSERT_TRUE(a.open(sock, "vale0", e)) << e;
    ASSERT_TRUE(b.open(sock, "vale0", e)) << e;
    a.send(bcast_frame);
    EXPECT_EQ(b.receive(1), (std::vector<std::string>{bcast_frame}));

    std::string ports = control(sock, "{\"op\":\"ports\",\"switch\":\"vale0\"}");
    EXPECT_NE(ports.find("\"rx_packets\":1"), std::string::npos) << ports;
    EXPECT_NE(ports.find("\"kind\":\"ring\""), std::string::npos) << ports;
    EXPECT_NE(ports.find("\"busy\":false"), std::string::npos) << ports;
    EXPECT_EQ(ports.find("\"busy\":true"), std::string::npos) << ports;

    // b dies: its lifeline closes and the switch frees its port.
    platform::close_fd(b.r.lifeline);
    std::string after;
    for (int i = 0; i < 200; ++i) {  // up to 2 s on a loaded machine
        after = control(sock, "{\"op\":\"switches\"}");
        if (after.find("\"name\":\"vale0\",\"ports\":1") != std::string::npos) break;
        usleep(10000);
    }
    EXPECT_NE(after.find("\"name\":\"vale0\",\"ports\":1"), std::string::npos) << after;

    // The switch is killed and restarted; a reattaches its port from shared memory.
    sw.kill_hard();
    sw.start();
    AttachResult again;
    ASSERT_TRUE(reattach_port(sock, "vale0", a.r.fds, again, e)) << e;
    Client c;
    ASSERT_TRUE(c.open(sock, "vale0", e)) << e;
    a.send(bcast_frame);
    EXPECT_EQ(c.receive(1), (std::vector<std::string>{bcast_frame}));
}

TEST(SwitchProcess, BadRequestsGetClearErrors) {
    std::string sock = "/tmp/clickos-switch-test-bad-" + std::to_string(getpid()) + ".sock";
    SwitchProcess sw(sock);
    EXPECT_EQ(control(sock, "not json"), "{\"ok\":false,\"error\":\"malformed request: expected a JSON object\"}");
    EXPECT_EQ(control(sock, "{\"op\":\"frobnicate\"}"), "{\"ok\":false,\"error\":\"unknown operation 'frobnicate'\"}");
    EXPECT_EQ(control(sock, "{\"switch\":\"vale0\"}"), "{\"ok\":false,\"error\":\"request has no \\\"op\\\"\"}");
    EXPECT_EQ(control(sock, "{\"op\":\"attach\",\"switch\":\"vale0\",\"slots\":100}"),
              "{\"ok\":false,\"error\":\"attach: ring size 100 is not a power of two from 64 to 2048\"}");
    EXPECT_EQ(control(sock, "{\"op\":\"attach\",\"switch\":\"vale0\",\"busy\":\"yes\"}"),
              "{\"ok\":false,\"error\":\"attach: \\\"busy\\\" must be true or false\"}");
    EXPECT_EQ(control(sock, "{\"op\":\"nic-attach\",\"switch\":\"vale0\",\"ifname\":\"lo\",\"busy\":1}"),
              "{\"ok\":false,\"error\":\"nic-attach: \\\"busy\\\" must be true or false\"}");
    EXPECT_EQ(control(sock, "{\"op\":\"table\",\"switch\":\"nope\"}"), "{\"ok\":false,\"error\":\"no switch 'nope'\"}");
    EXPECT_EQ(control(sock, "{\"op\":\"capture\",\"port\":99,\"file\":\"/tmp/x.pcap\"}"),
              "{\"ok\":false,\"error\":\"no port 99\"}");
    // The switch still works afterwards.
    std::string e;
    Client a;
    EXPECT_TRUE(a.open(sock, "vale1", e)) << e;
}

TEST(SwitchProcess, BusyPortForwardsAndIsListedAsBusy) {
    std::string sock = "/tmp/clickos-switch-test-busy-" + std::to_string(getpid()) + ".sock";
    SwitchProcess sw(sock);
    std::string e;
    Client sleeper, poller;
    ASSERT_TRUE(sleeper.open(sock, "vale0", e)) << e;
    ASSERT_TRUE(poller.open(sock, "vale0", e, true)) << e;
    poller.send(bcast_frame);
    EXPECT_EQ(sleeper.receive(1), (std::vector<std::string>{bcast_frame}));
    sleeper.send(bcast_frame);
    EXPECT_EQ(poller.receive(1), (std::vector<std::string>{bcast_frame}));
    std::string ports = control(sock, "{\"op\":\"ports\",\"switch\":\"vale0\"}");
    std::string busy_entry = "\"port\":" + std::to_string(poller.r.port_id) + ",";
    size_t at = ports.find(busy_entry);
    ASSERT_NE(at, std::string::npos) << ports;
    size_t end = ports.find('}', at);
    std::string entry = ports.substr(at, end - at);
    EXPECT_NE(entry.find("\"busy\":true"), std::string::npos) << entry;
    EXPECT_NE(entry.find("\"rx_packets\":1,"), std::string::npos) << entry;
    EXPECT_NE(entry.find("\"sleeps\":0,"), std::string::npos) << entry;
}

TEST(SwitchProcess, FramesSentJustBeforeTheSenderGoesAreDelivered) {
    std::string sock = "/tmp/clickos-switch-test-drain-" + std::to_string(getpid()) + ".sock";
    SwitchProcess sw(sock);
    std::string e;
    Client sender, receiver;
    ASSERT_TRUE(receiver.open(sock, "vale0", e)) << e;
    ASSERT_TRUE(sender.open(sock, "vale0", e)) << e;
    // 50 frames published, and the sender dies before it kicks the switch: only its
    // lifeline's close tells the switch, and the frames are still in its ring.
    for (int i = 0; i < 50; ++i) {
        Slot& s = sender.tx.slot(uint32_t(i));
        std::memcpy(sender.mem->frame(s.buf), bcast_frame.data(), bcast_frame.size());
        s.len = uint16_t(bcast_frame.size());
    }
    // Once the switch sleeps on the sender's ring, it sees nothing new without a kick.
    for (int i = 0; i < 2000 && sender.mem->tx()->consumer_sleeping.load() == 0; ++i) usleep(1000);
    ASSERT_EQ(sender.mem->tx()->consumer_sleeping.load(), 1u);
    sender.mem->tx()->head.fetch_add(50);  // published without the kick
    platform::close_fd(sender.r.lifeline);
    sender.r.lifeline = -1;
    EXPECT_EQ(receiver.receive(50).size(), 50u);
}

namespace {
// A reattach request on a connection of its own, with `fds` attached; the reply (the
// connection is closed afterwards, so only an owner can keep the port).
std::string reattach_with(const std::string& socket, const std::string& line, const std::vector<int>& fds) {
    std::string error, reply;
    int fd = platform::connect_unix(socket, error);
    if (fd < 0) return "connect failed: " + error;
    std::vector<int> got;
    if (!request(fd, line, fds, reply, got, error)) reply = "request failed: " + error;
    for (int g : got) platform::close_fd(g);
    platform::close_fd(fd);
    return reply;
}

int pidfd_of(pid_t pid) {
    return int(::syscall(SYS_pidfd_open, pid, 0));
}

// The owner of a reattached port: a child that only waits to be killed, and its pidfd.
struct WaitingOwner {
    pid_t pid = -1;
    int pidfd = -1;
    WaitingOwner() {
        pid = fork();
        if (pid == 0) {
            for (;;) pause();
        }
        if (pid > 0) pidfd = pidfd_of(pid);
    }
    void end() {
        if (pid <= 0) return;
        ::kill(pid, SIGKILL);
        waitpid(pid, nullptr, 0);
        pid = -1;
    }
    ~WaitingOwner() {
        end();
        if (pidfd >= 0) platform::close_fd(pidfd);
    }
};

// A ring port's memory and four events, then the owner's pidfd: what reattach with an owner takes.
std::vector<int> owned_port_fds(const netfront::PortFds& f, int pidfd) {
    return {f.mem, f.rx_data, f.rx_space, f.tx_data, f.tx_space, pidfd};
}
const char reattach_owned[] = "{\"op\":\"reattach\",\"switch\":\"vale0\",\"owner\":\"pidfd\"}";

// Polls the switch's listing until vale0 has `n` ports (up to 2 s on a loaded machine).
bool vale0_has_ports(const std::string& sock, int n) {
    std::string want = "\"name\":\"vale0\",\"ports\":" + std::to_string(n) + ",";
    for (int i = 0; i < 200; ++i) {
        if (control(sock, "{\"op\":\"switches\"}").find(want) != std::string::npos) return true;
        usleep(10000);
    }
    return false;
}
}  // namespace

TEST(SwitchProcess, ReattachedPortLivesAsLongAsItsOwnerProcess) {
    std::string sock = "/tmp/clickos-switch-test-owner-" + std::to_string(getpid()) + ".sock";
    SwitchProcess sw(sock);
    std::string e;
    Client a, b;
    ASSERT_TRUE(a.open(sock, "vale0", e)) << e;
    ASSERT_TRUE(b.open(sock, "vale0", e)) << e;
    sw.kill_hard();
    sw.start();
    WaitingOwner owner;
    ASSERT_GT(owner.pid, 0);
    ASSERT_GE(owner.pidfd, 0);
    EXPECT_EQ(
        reattach_with(sock, reattach_owned, owned_port_fds(a.r.fds, owner.pidfd)).rfind("{\"ok\":true,\"port\":", 0),
        0u);
    // The connection is closed; the port stays, and carries frames to a plain reattached port.
    AttachResult again;
    ASSERT_TRUE(reattach_port(sock, "vale0", b.r.fds, again, e)) << e;
    EXPECT_TRUE(vale0_has_ports(sock, 2));
    a.send(bcast_frame);
    EXPECT_EQ(b.receive(1), (std::vector<std::string>{bcast_frame}));
    // The owner ends: its port goes, the other stays.
    owner.end();
    EXPECT_TRUE(vale0_has_ports(sock, 1));
    platform::close_fd(again.lifeline);
}

TEST(SwitchProcess, ReattachWithABadOwnerIsRefused) {
    std::string sock = "/tmp/clickos-switch-test-badowner-" + std::to_string(getpid()) + ".sock";
    SwitchProcess sw(sock);
    std::string e;
    Client a;
    ASSERT_TRUE(a.open(sock, "vale0", e)) << e;
    const auto& f = a.r.fds;
    std::vector<int> five = {f.mem, f.rx_data, f.rx_space, f.tx_data, f.tx_space};
    EXPECT_EQ(reattach_with(sock, "{\"op\":\"reattach\",\"switch\":\"vale0\",\"owner\":\"pidfd\"}", five),
              "{\"ok\":false,\"error\":\"reattach: expected 6 descriptors, got 5\"}");
    EXPECT_EQ(reattach_with(sock, "{\"op\":\"reattach\",\"switch\":\"vale0\",\"owner\":\"pid\"}", five),
              "{\"ok\":false,\"error\":\"reattach: unknown owner 'pid' (\\\"pidfd\\\", or none for the connection)\"}");
    // An event descriptor is not a pidfd.
    std::vector<int> six = five;
    six.push_back(f.rx_data);
    EXPECT_EQ(reattach_with(sock, "{\"op\":\"reattach\",\"switch\":\"vale1\",\"owner\":\"pidfd\"}", six),
              "{\"ok\":false,\"error\":\"reattach: the sixth descriptor is not a pidfd\"}");
    // A pidfd of a process that has ended.
    pid_t gone = fork();
    if (gone == 0) _exit(0);
    int pidfd = pidfd_of(gone);
    ASSERT_GE(pidfd, 0);
    waitpid(gone, nullptr, 0);
    six.back() = pidfd;
    EXPECT_EQ(reattach_with(sock, "{\"op\":\"reattach\",\"switch\":\"vale1\",\"owner\":\"pidfd\"}", six),
              "{\"ok\":false,\"error\":\"reattach: the owner process has already ended\"}");
    platform::close_fd(pidfd);
    // Nothing was added to vale1, and the switch still works.
    EXPECT_EQ(control(sock, "{\"op\":\"ports\",\"switch\":\"vale1\"}"),
              "{\"ok\":false,\"error\":\"no switch 'vale1'\"}");
    Client c;
    EXPECT_TRUE(c.open(sock, "vale0", e)) << e;
}

TEST(SwitchProcess, BadPlacementPollOrKickArgumentsAreUsageErrors) {
    auto exit_status = [](std::vector<std::string> args) {
        pid_t pid = fork();
        if (pid == 0) {
            std::vector<char*> argv{const_cast<char*>(CLICKOS_SWITCH_BINARY)};
            for (auto& a : args) argv.push_back(a.data());
            argv.push_back(nullptr);
            int devnull = open("/dev/null", O_WRONLY);
            dup2(devnull, 2);
            execv(argv[0], argv.data());
            _exit(127);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    };
    EXPECT_EQ(exit_status({"--cpus", "2-1"}), 2);
    EXPECT_EQ(exit_status({"--cpus", ""}), 2);
    EXPECT_EQ(exit_status({"--poll-us", "-5"}), 2);
    EXPECT_EQ(exit_status({"--poll-us", "10us"}), 2);
    EXPECT_EQ(exit_status({"--poll-us", "", "--help"}), 2);  // refused before --help would exit 0
    EXPECT_EQ(exit_status({"--kick-frames", "-1", "--help"}), 2);
    EXPECT_EQ(exit_status({"--kick-frames", "2049", "--help"}), 2);
    EXPECT_EQ(exit_status({"--kick-us", "100001", "--help"}), 2);
    EXPECT_EQ(exit_status({"--kick-us", "5ms", "--help"}), 2);
    EXPECT_EQ(exit_status({"--kick-frames", "0", "--kick-us", "0", "--help"}), 0);
    // A CPU the host does not have: refused when placing, before the socket is made.
    EXPECT_EQ(exit_status({"--cpus", "1023", "--socket", "/tmp/clickos-switch-badcpu.sock"}), 1);
    EXPECT_NE(access("/tmp/clickos-switch-badcpu.sock", F_OK), 0);
}

TEST(SwitchProcess, AnOwnerTheSwitchMayNotSignalStillOwnsItsPort) {
    // A switch that is not root may not signal a root process, but a pidfd of one still says
    // when it ends: such an owner is taken, not refused as "not a pidfd".
    if (geteuid() != 0) GTEST_SKIP() << "needs root (to run the switch as another user than the owner)";
    std::string sock = "/tmp/clickos-switch-test-unpriv-" + std::to_string(getpid()) + ".sock";
    unlink(sock.c_str());
    // nobody runs a copy in /tmp: the build tree may sit in a directory only root may enter
    // (a clone in a `mktemp -d` directory, mode 0700).
    std::string binary = "/tmp/clickos-switch-test-unpriv-" + std::to_string(getpid());
    std::error_code copy_error;
    std::filesystem::copy_file(CLICKOS_SWITCH_BINARY, binary, std::filesystem::copy_options::overwrite_existing,
                               copy_error);
    ASSERT_FALSE(copy_error) << copy_error.message();
    ASSERT_EQ(chmod(binary.c_str(), 0755), 0);
    pid_t sw = fork();
    if (sw == 0) {
        if (setgid(65534) != 0 || setuid(65534) != 0) _exit(126);  // nobody
        execl(binary.c_str(), "clickos-switch", "--socket", sock.c_str(), (char*)nullptr);
        _exit(127);
    }
    ASSERT_GT(sw, 0);
    for (int i = 0; i < 200 && access(sock.c_str(), F_OK) != 0; ++i) usleep(10000);
    unlink(binary.c_str());  // the running switch keeps it; nothing is left behind
    std::string e;
    Client a;
    ASSERT_TRUE(a.open(sock, "vale0", e)) << e;
    WaitingOwner owner;
    ASSERT_GT(owner.pid, 0);
    ASSERT_GE(owner.pidfd, 0);
    std::string reply = reattach_with(sock, reattach_owned, owned_port_fds(a.r.fds, owner.pidfd));
    EXPECT_EQ(reply.rfind("{\"ok\":true,\"port\":", 0), 0u) << reply;
    EXPECT_TRUE(vale0_has_ports(sock, 2));
    owner.end();
    EXPECT_TRUE(vale0_has_ports(sock, 1));  // the owner's port went with it
    ::kill(sw, SIGTERM);
    waitpid(sw, nullptr, 0);
    unlink(sock.c_str());
}
