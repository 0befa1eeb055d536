// ControlSocket over real unix and loopback TCP sockets: a plain client in the test, the router
// run in short slices between the client's steps (and once in its own thread).
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "clickos/platform.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;
using Clock = std::chrono::steady_clock;

namespace {

const std::string greeting = "Click::ControlSocket/1.3\r\n";

std::string socket_path(const std::string& name) {
    return ::testing::TempDir() + "cs_" + std::to_string(::getpid()) + "_" + name + ".sock";
}

// A TCP port for this process: high, and apart from other processes running these tests.
int test_port() {
    return 30000 + int(::getpid() % 2000) * 8;
}

class Client {
  public:
    Client(Router* router, int fd) : router_(router), fd_(fd) {
        if (fd_ >= 0) platform::set_nonblocking(fd_);
    }
    ~Client() { platform::close_fd(fd_); }
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;
    bool ok() const { return fd_ >= 0; }

    void send(const std::string& s) {
        size_t at = 0;
        auto deadline = Clock::now() + std::chrono::seconds(5);
        while (at < s.size() && Clock::now() < deadline) {
            long n = platform::send_some(fd_, s.data() + at, s.size() - at);
            if (n > 0)
                at += size_t(n);
            else
                router_->run_for(1'000'000);
        }
    }
    // Runs the router until `n` bytes have arrived (or 5 seconds pass); returns them.
    std::string receive(size_t n) {
        auto deadline = Clock::now() + std::chrono::seconds(5);
        while (buffer_.size() < n && !closed_ && Clock::now() < deadline) pump();
        std::string out = buffer_.substr(0, std::min(n, buffer_.size()));
        buffer_.erase(0, out.size());
        return out;
    }
    // Until the server closes the connection; returns what came before.
    std::string receive_until_closed() {
        auto deadline = Clock::now() + std::chrono::seconds(5);
        while (!closed_ && Clock::now() < deadline) pump();
        return std::exchange(buffer_, std::string());
    }
    bool closed() const { return closed_; }
    // Sends a command and returns exactly the expected number of response bytes.
    std::string ask(const std::string& command, size_t response_size) {
        send(command);
        return receive(response_size);
    }

  private:
    void pump() {
        router_->run_for(2'000'000);
        char buf[4096];
        for (;;) {
            long n = platform::recv_some(fd_, buf, sizeof buf);
            if (n > 0) {
                buffer_.append(buf, size_t(n));
                continue;
            }
            if (n == 0 || !platform::would_block()) closed_ = true;
            return;
        }
    }
    Router* router_;
    int fd_;
    std::string buffer_;
    bool closed_ = false;
};

Client unix_client(Built& b, const std::string& path) {
    std::string error;
    int fd = platform::connect_unix(path, error);
    EXPECT_GE(fd, 0) << error;
    return Client(b.router.get(), fd);
}

}  // namespace

TEST(ControlSocket, UnixSocketConversation) {
    std::string path = socket_path("conversation");
    auto b = build("cs :: ControlSocket(UNIX, " + path +
                   "); Idle -> c :: Counter -> Discard; Idle -> q :: Queue -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("cs.filename"), path + "\n");
    Client cl = unix_client(b, path);
    ASSERT_TRUE(cl.ok());
    EXPECT_EQ(cl.receive(greeting.size()), greeting);
    std::string r = "200 Read handler 'c.count' OK\r\nDATA 2\r\n0\n";
    EXPECT_EQ(cl.ask("READ c.count\r\n", r.size()), r);
    r = "200 Read handler 'version' OK\r\nDATA 6\r\n0.1.0\n";
    EXPECT_EQ(cl.ask("READ version\n", r.size()), r);
    r = "200 Write handler 'q.capacity' OK\r\n";
    EXPECT_EQ(cl.ask("WRITE q.capacity 5\n", r.size()), r);
    EXPECT_EQ(cl.ask("WRITEDATA q.capacity 3\r\n123", r.size()), r);
    EXPECT_EQ(b.read("q.capacity"), "123\n");
    r = "200 Read handler 'c.count' OK\r\n";
    EXPECT_EQ(cl.ask("CHECKREAD c.count\n", r.size()), r);
    r = "511 Handler 'c.count' not writable\r\n";
    EXPECT_EQ(cl.ask("CHECKWRITE c.count\n", r.size()), r);
    r = "510 No element named 'x'\r\n511 No handler named 'c.x'\r\n";
    EXPECT_EQ(cl.ask("READ x.y\nREAD c.x\n", r.size()), r);
    r = "520-Write handler 'q.capacity' error:\r\n520 capacity: expected integer\r\n";
    EXPECT_EQ(cl.ask("WRITE q.capacity z\n", r.size()), r);
    r = "500 Wrong number of arguments\r\n";
    EXPECT_EQ(cl.ask("WRITE\n", r.size()), r);
    EXPECT_EQ(cl.ask("QUIT\n", 14), "200 Goodbye!\r\n");
    EXPECT_EQ(cl.receive_until_closed(), "");
    EXPECT_TRUE(cl.closed());
}

TEST(ControlSocket, CommandsArrivingByteByByte) {
    std::string path = socket_path("bytes");
    auto b = build("ControlSocket(UNIX, " + path + "); Idle -> c :: Counter -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    Client cl = unix_client(b, path);
    EXPECT_EQ(cl.receive(greeting.size()), greeting);
    std::string cmd = "READ c.count\r\nWRITEDATA c.reset 0\r\n";
    for (char ch : cmd) {
        cl.send(std::string(1, ch));
        b.router->run_for(1'000'000);
    }
    std::string r = "200 Read handler 'c.count' OK\r\nDATA 2\r\n0\n200 Write handler 'c.reset' OK\r\n";
    EXPECT_EQ(cl.receive(r.size()), r);
}

TEST(ControlSocket, TwoClientsAtOnce) {
    std::string path = socket_path("two");
    auto b = build("ControlSocket(UNIX, " + path + "); Idle -> q :: Queue -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    Client a = unix_client(b, path), c = unix_client(b, path);
    EXPECT_EQ(a.receive(greeting.size()), greeting);
    EXPECT_EQ(c.receive(greeting.size()), greeting);
    // a starts a command, c runs one whole, a finishes.
    a.send("WRITE q.capa");
    std::string ok = "200 Write handler 'q.capacity' OK\r\n";
    EXPECT_EQ(c.ask("WRITE q.capacity 7\n", ok.size()), ok);
    EXPECT_EQ(a.ask("city 9\n", ok.size()), ok);
    EXPECT_EQ(b.read("q.capacity"), "9\n");
    std::string r = "200 Read handler 'q.capacity' OK\r\nDATA 2\r\n9\n";
    EXPECT_EQ(c.ask("READ q.capacity\n", r.size()), r);
}

TEST(ControlSocket, GarbageAndHugeLinesCloseOnlyThatClient) {
    std::string path = socket_path("garbage");
    auto b = build("ControlSocket(UNIX, " + path + "); Idle -> c :: Counter -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    Client bad = unix_client(b, path), good = unix_client(b, path);
    EXPECT_EQ(bad.receive(greeting.size()), greeting);
    EXPECT_EQ(good.receive(greeting.size()), greeting);
    std::string junk = "\x01\x02 \xff\xfe\n", r = "501 Command '^A^B' unimplemented\r\n";
    EXPECT_EQ(bad.ask(junk, r.size()), r);
    bad.send(std::string(200000, 'x'));  // no end of line: more than a line may hold
    EXPECT_EQ(bad.receive_until_closed(), "500 Line too long\r\n");
    EXPECT_TRUE(bad.closed());
    r = "200 Read handler 'c.count' OK\r\nDATA 2\r\n0\n";
    EXPECT_EQ(good.ask("READ c.count\n", r.size()), r);
}

TEST(ControlSocket, ReadOnlyRefusesWrites) {
    std::string path = socket_path("readonly");
    auto b = build("ControlSocket(UNIX, " + path + ", READONLY true); Idle -> q :: Queue -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    Client cl = unix_client(b, path);
    EXPECT_EQ(cl.receive(greeting.size()), greeting);
    std::string r = "530 Permission denied for 'q.capacity'\r\n";
    EXPECT_EQ(cl.ask("WRITE q.capacity 5\n", r.size()), r);
    r = "530 Permission denied for 'stop'\r\n";
    EXPECT_EQ(cl.ask("WRITE stop\n", r.size()), r);
    EXPECT_FALSE(b.router->stopped());
    EXPECT_EQ(b.read("q.capacity"), "1000\n");
}

TEST(ControlSocket, ClientClosingEarlyIsForgotten) {
    std::string path = socket_path("early");
    auto b = build("cs :: ControlSocket(UNIX, " + path + ", VERBOSE true); Idle -> c :: Counter -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    ::testing::internal::CaptureStderr();
    {
        Client cl = unix_client(b, path);
        cl.send("READ c.count\n");
        b.router->run_for(5'000'000);
    }  // closed without reading
    for (int i = 0; i < 10; ++i) b.router->run_for(2'000'000);
    Client again = unix_client(b, path);
    EXPECT_EQ(again.receive(greeting.size()), greeting);
    std::string log = ::testing::internal::GetCapturedStderr();
    EXPECT_NE(log.find("cs :: ControlSocket: opened connection "), std::string::npos) << log;
    EXPECT_NE(log.find("cs :: ControlSocket: closed connection "), std::string::npos) << log;
}

TEST(ControlSocket, SocketFileIsRemovedWhenTheRouterGoes) {
    std::string path = socket_path("removed");
    {
        auto b = build("ControlSocket(UNIX, " + path + ");");
        ASSERT_TRUE(b.router) << b.errors;
        std::string error;
        int fd = platform::connect_unix(path, error);
        EXPECT_GE(fd, 0) << error;
        platform::close_fd(fd);
    }
    std::string error;
    EXPECT_LT(platform::connect_unix(path, error), 0);
    EXPECT_FALSE(platform::remove_file(path));  // already gone
}

TEST(ControlSocket, LoopbackTcp) {
    int base = test_port();
    auto b = build("cs :: ControlSocket(TCP, " + std::to_string(base) + "+); Idle -> c :: Counter -> Discard;");
    if (!b.router) GTEST_SKIP() << "no free loopback port from " << base << ": " << b.errors;
    int port = std::stoi(b.read("cs.port"));
    EXPECT_GE(port, base);
    EXPECT_LT(port, base + 64);
    std::string error;
    int fd = platform::connect_tcp("127.0.0.1", port, error);
    ASSERT_GE(fd, 0) << error;
    Client cl(b.router.get(), fd);
    EXPECT_EQ(cl.receive(greeting.size()), greeting);
    std::string r = "200 Read handler 'c.count' OK\r\nDATA 2\r\n0\n";
    EXPECT_EQ(cl.ask("READ c.count\r\n", r.size()), r);
    // A second ControlSocket asking for the same port exactly cannot have it.
    std::string exact = "ControlSocket(TCP, " + std::to_string(port) + ");";
    std::string errors = errors_of(exact);
    EXPECT_EQ(errors.rfind("test.click:1:1: ControlSocket@1 :: ControlSocket: port " + std::to_string(port) + ": ", 0),
              0u)
        << errors;
}

TEST(ControlSocket, RouterInItsOwnThreadStoppedByAClient) {
    std::string path = socket_path("thread");
    auto b = build("ControlSocket(UNIX, " + path + "); InfiniteSource -> c :: Counter -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    bool stopped = false;
    std::thread runner([&] { stopped = b.router->run_for(10'000'000'000); });
    std::string error;
    int fd = platform::connect_unix(path, error);
    ASSERT_GE(fd, 0) << error;
    std::string request = "WRITE stop\r\n", got;
    platform::send_some(fd, request.data(), request.size());
    auto deadline = Clock::now() + std::chrono::seconds(5);
    std::string expected = greeting + "200 Write handler 'stop' OK\r\n";
    char buf[256];
    while (got.size() < expected.size() && Clock::now() < deadline) {
        long n = platform::recv_some(fd, buf, sizeof buf);
        if (n <= 0) break;
        got.append(buf, size_t(n));
    }
    runner.join();
    platform::close_fd(fd);
    EXPECT_EQ(got, expected);
    EXPECT_TRUE(stopped);
    EXPECT_NE(b.read("c.count"), "0\n");
}

TEST(ControlSocket, BadArguments) {
    EXPECT_EQ(errors_of("ControlSocket(FOO, 1);"),
              "test.click:1:15: ControlSocket@1 :: ControlSocket: TYPE: expected TCP or UNIX, found 'FOO'\n");
    EXPECT_EQ(errors_of("ControlSocket(TCP, 0);"),
              "test.click:1:20: ControlSocket@1 :: ControlSocket: PORT: expected TCP port (1 to 65535), found '0'\n");
    EXPECT_EQ(errors_of("ControlSocket(tcp, 70000);"),
              "test.click:1:20: ControlSocket@1 :: ControlSocket: PORT: expected TCP port (1 to 65535), found "
              "'70000'\n");
    EXPECT_EQ(errors_of("ControlSocket(UNIX);"),
              "test.click:1:1: ControlSocket@1 :: ControlSocket: missing mandatory FILENAME argument\n");
    EXPECT_EQ(errors_of("ControlSocket(TCP);"),
              "test.click:1:1: ControlSocket@1 :: ControlSocket: missing mandatory PORT argument\n");
    EXPECT_EQ(errors_of("ControlSocket(TCP, 1, PROXY x);"),
              "test.click:1:23: ControlSocket@1 :: ControlSocket: PROXY is not supported\n");
    EXPECT_EQ(errors_of("ControlSocket(TCP, 1, READONLY perhaps);"),
              "test.click:1:23: ControlSocket@1 :: ControlSocket: READONLY: expected boolean (true/false)\n");
    EXPECT_EQ(errors_of("ControlSocket(UNIX, " + std::string(120, 'p') + ");"),
              "test.click:1:21: ControlSocket@1 :: ControlSocket: FILENAME: longer than 107 bytes, too long for a "
              "unix socket\n");
    // Opening the socket fails at initialization, reported at the element.
    EXPECT_EQ(errors_of("ControlSocket(UNIX, /nonexistent-dir/x.sock);"),
              "test.click:1:1: ControlSocket@1 :: ControlSocket: /nonexistent-dir/x.sock: No such file or directory\n");
}

TEST(ControlSocket, RetriesThenStopsTheRouter) {
    auto b = build("ControlSocket(UNIX, /nonexistent-dir/x.sock, RETRIES 1, RETRY_WARNINGS false);");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.errors, "");
    ::testing::internal::CaptureStderr();
    auto start = Clock::now();
    EXPECT_TRUE(b.router->run_for(5'000'000'000));
    EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(900));
    EXPECT_EQ(::testing::internal::GetCapturedStderr(),
              "ControlSocket@1 :: ControlSocket: /nonexistent-dir/x.sock: No such file or directory (giving up)\n");
    auto warned = build("ControlSocket(UNIX, /nonexistent-dir/x.sock, RETRIES 2);");
    ASSERT_TRUE(warned.router) << warned.errors;
    EXPECT_EQ(warned.errors,
              "test.click:1:1: warning: ControlSocket@1 :: ControlSocket: /nonexistent-dir/x.sock: No such file or "
              "directory (2 tries left)\n");
}
