// Socket over loopback and unix sockets the test creates. The far end is plain POSIX
// sockets in the test; every wait is bounded (2 s), and paths live in a fresh directory.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <functional>

#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

namespace {

constexpr int64_t step_ns = 5'000'000;
constexpr int max_steps = 400;  // 2 s

// Runs the router in small steps until `done` or the time bound.
bool run_until(Built& b, const std::function<bool()>& done) {
    for (int i = 0; i < max_steps; ++i) {
        if (done()) return true;
        b.router->run_for(step_ns);
    }
    return done();
}

int free_port(int type) {
    int fd = ::socket(AF_INET, type, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(fd);
    return ntohs(a.sin_port);
}

sockaddr_in loopback(int port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(uint16_t(port));
    return a;
}

sockaddr_un unix_addr(const std::string& path) {
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::memcpy(a.sun_path, path.c_str(), path.size() + 1);
    return a;
}

bool readable(int fd, int ms = 2000) {
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, ms) > 0;
}

std::string read_some(int fd) {
    if (!readable(fd)) return "";
    char buf[4096];
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    return n > 0 ? std::string(buf, size_t(n)) : "";
}

std::string temp_dir() {
    char t[] = "/tmp/clickos-socket-test-XXXXXX";
    return ::mkdtemp(t) ? std::string(t) : std::string("/tmp");
}

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += x;
    return s;
}

}  // namespace

TEST(Socket, UdpServerAnswersTheLastSender) {
    int port = free_port(SOCK_DGRAM);
    Built b =
        build("in :: TestInject -> s :: Socket(UDP, 127.0.0.1, " + std::to_string(port) + ") -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("s.connected"), "false\n");
    b.get<TestInject>("in")->send("nobody yet");  // no peer: dropped
    EXPECT_EQ(b.read("s.drops"), "1\n");
    int peer = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in to = loopback(port);
    ::sendto(peer, "hello", 5, 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
    ::sendto(peer, "world!", 6, 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
    auto* out = b.get<TestCollect>("out");
    ASSERT_TRUE(run_until(b, [&] { return out->packets.size() == 2; }));
    EXPECT_EQ(out->data(), (std::vector<std::string>{"hello", "world!"}));
    EXPECT_NE(out->packets[0]->timestamp_anno().ns, 0);
    b.get<TestInject>("in")->send("reply");
    EXPECT_EQ(read_some(peer), "reply");
    ::close(peer);
}

TEST(Socket, UdpClientBindsItsLocalPortAndSnaplenCuts) {
    int server_port = free_port(SOCK_DGRAM), local_port = free_port(SOCK_DGRAM);
    int server = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in sa = loopback(server_port);
    ASSERT_EQ(::bind(server, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
    Built b = build("in :: TestInject -> s :: Socket(UDP, 127.0.0.1, " + std::to_string(server_port) + ", 127.0.0.1, " +
                    std::to_string(local_port) + ", SNAPLEN 4) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send("ping");
    ASSERT_TRUE(readable(server));
    char buf[64];
    sockaddr_in from{};
    socklen_t len = sizeof from;
    ssize_t n = ::recvfrom(server, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len);
    EXPECT_EQ(std::string(buf, size_t(n > 0 ? n : 0)), "ping");
    EXPECT_EQ(ntohs(from.sin_port), local_port);
    ::sendto(server, "pong-long", 9, 0, reinterpret_cast<sockaddr*>(&from), len);
    auto* out = b.get<TestCollect>("out");
    ASSERT_TRUE(run_until(b, [&] { return out->packets.size() == 1; }));
    EXPECT_EQ(out->data()[0], "pong");
    ::close(server);
}

TEST(Socket, UdpClientToZeroAddressUsesTheDestinationAnnotation) {
    int port = free_port(SOCK_DGRAM);
    int server = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in sa = loopback(port);
    ASSERT_EQ(::bind(server, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
    Built b = build("in :: TestInject -> Socket(UDP, 0.0.0.0, " + std::to_string(port) + ");");
    ASSERT_TRUE(b.router) << b.errors;
    Packet* p = TestInject::make("to the annotation");
    p->set_dst_ip_anno(htonl(INADDR_LOOPBACK));
    b.get<TestInject>("in")->send(p);
    EXPECT_EQ(read_some(server), "to the annotation");
    ::close(server);
}

TEST(Socket, TcpServerServesOneConnectionAtATime) {
    int port = free_port(SOCK_STREAM);
    Built b = build("in :: TestInject -> s :: Socket(TCP, 127.0.0.1, " + std::to_string(port) +
                    ", VERBOSE false) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* out = b.get<TestCollect>("out");
    for (int round = 0; round < 2; ++round) {
        int c = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in to = loopback(port);
        ASSERT_EQ(::connect(c, reinterpret_cast<sockaddr*>(&to), sizeof to), 0);
        ASSERT_TRUE(run_until(b, [&] { return b.read("s.connected") == "true\n"; }));
        std::string msg = "request " + std::to_string(round);
        ASSERT_EQ(::send(c, msg.data(), msg.size(), 0), ssize_t(msg.size()));
        ASSERT_TRUE(run_until(b, [&] { return joined(out->data()).size() >= msg.size(); }));
        EXPECT_EQ(joined(out->data()), msg);
        out->clear();
        b.get<TestInject>("in")->send("response " + std::to_string(round));
        EXPECT_EQ(read_some(c), "response " + std::to_string(round));
        ::close(c);
        ASSERT_TRUE(run_until(b, [&] { return b.read("s.connected") == "false\n"; }));
    }
}

TEST(Socket, TcpClientWithPullInput) {
    int port = free_port(SOCK_STREAM);
    int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in sa = loopback(port);
    ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
    ASSERT_EQ(::listen(listener, 4), 0);
    Built b = build("in :: TestInject -> q :: Queue(1000) -> s :: Socket(TCP, 127.0.0.1, " + std::to_string(port) +
                    ", CLIENT true) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    ASSERT_TRUE(readable(listener));
    int c = ::accept(listener, nullptr, nullptr);
    ASSERT_GE(c, 0);
    std::string expected;
    for (int i = 0; i < 100; ++i) {
        std::string m = "line " + std::to_string(i) + "\n";
        expected += m;
        b.get<TestInject>("in")->send(m);
    }
    std::string got;
    ASSERT_TRUE(run_until(b, [&] {
        pollfd p{c, POLLIN, 0};
        while (::poll(&p, 1, 0) > 0) {
            char buf[4096];
            ssize_t n = ::recv(c, buf, sizeof buf, 0);
            if (n <= 0) break;
            got.append(buf, size_t(n));
        }
        return got.size() >= expected.size();
    }));
    EXPECT_EQ(got, expected);
    ::send(c, "back", 4, 0);
    auto* out = b.get<TestCollect>("out");
    ASSERT_TRUE(run_until(b, [&] { return joined(out->data()) == "back"; }));
    ::close(c);
    ::close(listener);
}

TEST(Socket, UnixStreamServerRemovesItsFile) {
    std::string dir = temp_dir(), path = dir + "/stream.sock";
    {
        Built b = build("in :: TestInject -> s :: Socket(UNIX, " + path + ") -> out :: TestCollect;");
        ASSERT_TRUE(b.router) << b.errors;
        int c = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un a = unix_addr(path);
        ASSERT_EQ(::connect(c, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
        ::send(c, "over unix", 9, 0);
        auto* out = b.get<TestCollect>("out");
        ASSERT_TRUE(run_until(b, [&] { return joined(out->data()) == "over unix"; }));
        b.get<TestInject>("in")->send("and back");
        EXPECT_EQ(read_some(c), "and back");
        ::close(c);
    }
    struct stat st;
    EXPECT_NE(::stat(path.c_str(), &st), 0);
    ::rmdir(dir.c_str());
}

TEST(Socket, UnixDatagramClientWithLocalName) {
    std::string dir = temp_dir(), server_path = dir + "/server.sock", client_path = dir + "/client.sock";
    int server = ::socket(AF_UNIX, SOCK_DGRAM, 0);
    sockaddr_un sa = unix_addr(server_path);
    ASSERT_EQ(::bind(server, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
    {
        Built b = build("in :: TestInject -> s :: Socket(UNIX_DGRAM, " + server_path + ", " + client_path +
                        ") -> out :: TestCollect;");
        ASSERT_TRUE(b.router) << b.errors;
        b.get<TestInject>("in")->send("datagram one");
        ASSERT_TRUE(readable(server));
        char buf[64];
        sockaddr_un from{};
        socklen_t len = sizeof from;
        ssize_t n = ::recvfrom(server, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len);
        EXPECT_EQ(std::string(buf, size_t(n > 0 ? n : 0)), "datagram one");
        EXPECT_EQ(std::string(from.sun_path), client_path);
        ::sendto(server, "answer", 6, 0, reinterpret_cast<sockaddr*>(&from), len);
        auto* out = b.get<TestCollect>("out");
        ASSERT_TRUE(run_until(b, [&] { return out->packets.size() == 1; }));
        EXPECT_EQ(out->data()[0], "answer");
    }
    ::close(server);
    ::unlink(server_path.c_str());
    struct stat st;
    EXPECT_NE(::stat(client_path.c_str(), &st), 0);
    ::rmdir(dir.c_str());
}

TEST(Socket, BadArgumentsAndFailures) {
    auto has = [](const std::string& errors, const std::string& where, const std::string& what) {
        bool ok = errors.find(where) != std::string::npos && errors.find(what) != std::string::npos;
        if (!ok) ADD_FAILURE() << "expected " << where << " ... " << what << " in: " << errors;
    };
    has(errors_of("Socket(SCTP, 127.0.0.1, 80) -> TestCollect;"), "test.click:1:8: ", "unknown socket type");
    has(errors_of("Socket(TCP, 1.2.3, 80) -> TestCollect;"), "test.click:1:13: ", "IP");
    has(errors_of("Socket(UDP, 127.0.0.1, 70000) -> TestCollect;"), "test.click:1:24: ", "PORT");
    has(errors_of("Socket(UDP, 127.0.0.1) -> TestCollect;"), "test.click:1:1: ", "PORT");
    has(errors_of("Socket(UNIX, /tmp/a, /tmp/b, extra) -> TestCollect;"), "test.click:1:30: ", "too many");
    has(errors_of("Socket(UNIX, " + std::string(120, 'x') + ") -> TestCollect;"), "test.click:1:14: ", "FILENAME");
    has(errors_of("Socket(TCP, 127.0.0.1, 80, SNAPLEN 0) -> TestCollect;"), "test.click:1:1: ", "SNAPLEN");
    // Nothing listens on this port: the client's connect fails in initialize.
    int port = free_port(SOCK_STREAM);
    has(errors_of("i :: TestInject -> Socket(TCP, 127.0.0.1, " + std::to_string(port) + ");"),
        "test.click:1:", "connect");
}

TEST(Socket, AllowAndDenyFilterClients) {
    int port = free_port(SOCK_DGRAM);
    Built b = build(
        "Idle -> allow :: RadixIPLookup(127.0.0.2/32 0) -> Discard; Idle -> deny :: RadixIPLookup(0.0.0.0/0 0) -> "
        "Discard; s :: Socket(UDP, 0.0.0.0, " +
        std::to_string(port) + ", ALLOW allow, DENY deny, HEADROOM 40) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto send_from = [&](const char* src, const std::string& msg) {
        int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
        sockaddr_in local{};
        local.sin_family = AF_INET;
        ::inet_pton(AF_INET, src, &local.sin_addr);
        ::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local);
        sockaddr_in to = loopback(port);
        ::sendto(fd, msg.data(), msg.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
        ::close(fd);
    };
    send_from("127.0.0.1", "denied");
    send_from("127.0.0.2", "allowed");
    auto* out = b.get<TestCollect>("out");
    ASSERT_TRUE(run_until(b, [&] { return out->packets.size() == 1 && b.read("s.refused") == "1\n"; }));
    EXPECT_EQ(out->data()[0], "allowed");
    EXPECT_GE(out->packets[0]->headroom(), 40u);

    int tport = free_port(SOCK_STREAM);
    Built t = build("Idle -> deny :: RadixIPLookup(0.0.0.0/0 0) -> Discard; s :: Socket(TCP, 127.0.0.1, " +
                    std::to_string(tport) + ", DENY deny) -> out :: TestCollect;");
    ASSERT_TRUE(t.router) << t.errors;
    int c = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in to = loopback(tport);
    ASSERT_EQ(::connect(c, reinterpret_cast<sockaddr*>(&to), sizeof to), 0);
    ASSERT_TRUE(run_until(t, [&] { return t.read("s.refused") == "1\n"; }));
    char buf[8];
    ASSERT_TRUE(readable(c));
    EXPECT_LE(::recv(c, buf, sizeof buf, 0), 0);  // closed by the Socket
    EXPECT_EQ(t.read("s.connected"), "false\n");
    ::close(c);
}

TEST(Socket, AllowMustNameARouteTable) {
    std::string e = errors_of("c :: Counter; Idle -> c -> Discard; Socket(UDP, 0.0.0.0, 5000, ALLOW c) -> Discard;");
    EXPECT_NE(e.find("test.click:1:64: "), std::string::npos) << e;
    EXPECT_NE(e.find("not an IPRouteTable"), std::string::npos) << e;
    e = errors_of("Socket(UDP, 0.0.0.0, 5000, DENY nobody) -> Discard;");
    EXPECT_NE(e.find("test.click:1:28: "), std::string::npos) << e;
    EXPECT_NE(e.find("no element named 'nobody'"), std::string::npos) << e;
}
