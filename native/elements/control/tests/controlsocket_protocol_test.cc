// The ControlSocket protocol on strings: commands in, responses out, with the codes and
// messages of Click's ControlSocket documentation (protocol 1.3).
#include "control/controlsocket_protocol.hh"

#include <gtest/gtest.h>

#include "clickos/element_class.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

namespace {

// A write handler that warns: for the 220 response.
class TestWarner : public Element {
  public:
    const char* class_name() const override { return "TestWarner"; }
    void add_handlers() override {
        add_write_handler("warn", [](const std::string& v, Element*, ErrorHandler* errh) {
            errh->warning("careful with " + v);
            return 0;
        });
    }
};
CLICKOS_ELEMENT(TestWarner);

const char* const config =
    "c :: Counter -> Discard; Idle -> c; Idle -> q :: Queue(10) -> Discard;"
    "s :: Script(TYPE PASSIVE, errorq \"a\\tb\"); w :: TestWarner;";

struct Session {
    explicit Session(Router* r, bool read_only = false) : protocol(r, read_only) {}
    // Feeds input and returns every response it produced.
    std::string feed(const std::string& s, bool eof = false) {
        in += s;
        std::string out;
        for (;;) {
            last = protocol.next(in, pos, eof, out);
            if (last != ControlProtocol::Result::Done) break;
        }
        return out;
    }
    ControlProtocol protocol;
    std::string in;
    size_t pos = 0;
    ControlProtocol::Result last = ControlProtocol::Result::Done;
};

class ControlProtocolTest : public ::testing::Test {
  protected:
    void SetUp() override {
        b = build(config);
        ASSERT_TRUE(b.router) << b.errors;
    }
    Built b;
};

}  // namespace

TEST_F(ControlProtocolTest, ReadElementAndGlobalHandlers) {
    Session s(b.router.get());
    EXPECT_EQ(s.feed("READ c.count\r\n"), "200 Read handler 'c.count' OK\r\nDATA 2\r\n0\n");
    EXPECT_EQ(s.feed("READ version\n"), "200 Read handler 'version' OK\r\nDATA 6\r\n0.1.0\n");
    EXPECT_EQ(s.feed("get .version\n"), "200 Read handler '.version' OK\r\nDATA 6\r\n0.1.0\n");
    EXPECT_EQ(s.feed("READ 0.version\n"), "200 Read handler '0.version' OK\r\nDATA 6\r\n0.1.0\n");
    // Elements by 1-based index: the first element is c.
    EXPECT_EQ(s.feed("READ 1.name\n"), "200 Read handler '1.name' OK\r\nDATA 2\r\nc\n");
}

TEST_F(ControlProtocolTest, WriteAndWriteData) {
    Session s(b.router.get());
    EXPECT_EQ(s.feed("WRITE q.capacity   7  \n"), "200 Write handler 'q.capacity' OK\r\n");
    EXPECT_EQ(b.read("q.capacity"), "7\n");
    EXPECT_EQ(s.feed("SET q.capacity 8\n"), "200 Write handler 'q.capacity' OK\r\n");
    EXPECT_EQ(b.read("q.capacity"), "8\n");
    // The data may arrive in pieces: nothing happens until all of it is there.
    EXPECT_EQ(s.feed("WRITEDATA q.capacity 2\r\n7"), "");
    EXPECT_EQ(s.last, ControlProtocol::Result::NeedMore);
    EXPECT_EQ(s.feed("7READ q.capacity\n"),
              "200 Write handler 'q.capacity' OK\r\n200 Read handler 'q.capacity' OK\r\nDATA 3\r\n77\n");
    EXPECT_EQ(s.feed("SETDATA q.capacity 1\n9"), "200 Write handler 'q.capacity' OK\r\n");
    EXPECT_EQ(b.read("q.capacity"), "9\n");
}

TEST_F(ControlProtocolTest, ParametersGoToParameterisedHandlers) {
    Session s(b.router.get());
    EXPECT_EQ(s.feed("READ s.add 1 2\n"), "200 Read handler 's.add' OK\r\nDATA 2\r\n3\n");
    EXPECT_EQ(s.feed("READDATA s.add 5\r\n1 2 3"), "200 Read handler 's.add' OK\r\nDATA 2\r\n6\n");
    EXPECT_EQ(s.feed("READ s.sprintf \"%03d\" 7\n"), "200 Read handler 's.sprintf' OK\r\nDATA 4\r\n007\n");
    EXPECT_EQ(s.feed("READ c.count extra\n"),
              "520-Read handler 'c.count' error:\r\n520 read handler 'c.count' takes no parameters\r\n");
    EXPECT_EQ(s.feed("READ s.add x\n"), "520-Read handler 's.add' error:\r\n520 add: expected list of numbers\r\n");
}

TEST_F(ControlProtocolTest, UntilCommands) {
    Session s(b.router.get());
    EXPECT_EQ(s.feed("WRITEUNTIL q.capacity END\r\n12\r\n"), "");
    EXPECT_EQ(s.feed("END  \r\n"), "200 Write handler 'q.capacity' OK\r\n");
    EXPECT_EQ(b.read("q.capacity"), "12\n");
    // Without a terminator, a blank line ends the data.
    EXPECT_EQ(s.feed("READUNTIL s.add\n1\n2\n\nREAD c.count\n"),
              "200 Read handler 's.add' OK\r\nDATA 2\r\n3\n200 Read handler 'c.count' OK\r\nDATA 2\r\n0\n");
}

TEST_F(ControlProtocolTest, CheckReadAndCheckWrite) {
    Session s(b.router.get());
    EXPECT_EQ(s.feed("CHECKREAD c.count\n"), "200 Read handler 'c.count' OK\r\n");
    EXPECT_EQ(s.feed("CHECKWRITE c.count\n"), "511 Handler 'c.count' not writable\r\n");
    EXPECT_EQ(s.feed("CHECKWRITE q.capacity\n"), "200 Write handler 'q.capacity' OK\r\n");
    EXPECT_EQ(s.feed("CHECKREAD stop\n"), "511 Handler 'stop' not readable\r\n");
    EXPECT_EQ(s.feed("CHECKREAD nope.x\n"), "510 No element named 'nope'\r\n");
    EXPECT_EQ(s.feed("CHECKREAD c.count extra\n"), "500 Wrong number of arguments\r\n");
}

TEST_F(ControlProtocolTest, Errors) {
    Session s(b.router.get());
    EXPECT_EQ(s.feed("READ nope.x\n"), "510 No element named 'nope'\r\n");
    EXPECT_EQ(s.feed("READ c.nope\n"), "511 No handler named 'c.nope'\r\n");
    EXPECT_EQ(s.feed("READ nosuch\n"), "511 No handler named 'nosuch'\r\n");
    EXPECT_EQ(s.feed("READ 99.name\n"), "510 No element named '99'\r\n");
    EXPECT_EQ(s.feed("READ stop\n"), "530 Handler 'stop' write-only\r\n");
    EXPECT_EQ(s.feed("WRITE c.count 1\n"), "530 Handler 'c.count' read-only\r\n");
    EXPECT_EQ(s.feed("WRITE q.capacity lots\n"),
              "520-Write handler 'q.capacity' error:\r\n520 capacity: expected integer\r\n");
    EXPECT_EQ(b.read("q.capacity"), "10\n");  // unchanged
    EXPECT_EQ(s.feed("WRITE s.run\n"), "520-Write handler 's.run' error:\r\n520 a^Ib\r\n");
    EXPECT_EQ(s.feed("READ\n"), "500 Wrong number of arguments\r\n");
    EXPECT_EQ(s.feed("WRITEDATA q.capacity\n"), "500 Wrong number of arguments\r\n");
    EXPECT_EQ(s.feed("WRITEDATA q.capacity x\n"), "500 Syntax error in 'WRITEDATA'\r\n");
    EXPECT_EQ(s.feed("FROB it\n"), "501 Command 'FROB' unimplemented\r\n");
    EXPECT_EQ(s.feed("LLRPC c#1 3\r\nabcREAD version\r\n"),
              "501 Cannot call LLRPC 'c#1' remotely\r\n200 Read handler 'version' OK\r\nDATA 6\r\n0.1.0\n");
    EXPECT_EQ(s.last, ControlProtocol::Result::NeedMore);  // still open
}

TEST_F(ControlProtocolTest, Warnings) {
    Session s(b.router.get());
    EXPECT_EQ(s.feed("WRITE w.warn it\n"), "220-Write handler 'w.warn' OK with warnings:\r\n220 careful with it\r\n");
}

TEST_F(ControlProtocolTest, ReadOnly) {
    Session s(b.router.get(), true);
    EXPECT_EQ(s.feed("WRITE q.capacity 5\n"), "530 Permission denied for 'q.capacity'\r\n");
    EXPECT_EQ(s.feed("CHECKWRITE q.capacity\n"), "530 Permission denied for 'q.capacity'\r\n");
    EXPECT_EQ(s.feed("WRITE stop\n"), "530 Permission denied for 'stop'\r\n");
    EXPECT_EQ(b.read("q.capacity"), "10\n");
    EXPECT_EQ(s.feed("READ q.capacity\n"), "200 Read handler 'q.capacity' OK\r\nDATA 3\r\n10\n");
}

TEST_F(ControlProtocolTest, LineEndings) {
    Session s(b.router.get());
    const std::string version = "200 Read handler 'version' OK\r\nDATA 6\r\n0.1.0\n";
    EXPECT_EQ(s.feed("READ version\rREAD version\r\n\n\r\nREAD version\n"), version + version + version);
    // A CR at the end of the input: the LF that may follow belongs to it.
    EXPECT_EQ(s.feed("READ version\r"), version);
    EXPECT_EQ(s.feed("\nREAD version\n"), version);
    // Same before data: the command waits to know whether the data starts with that LF.
    EXPECT_EQ(s.feed("WRITEDATA q.capacity 2\r"), "");
    EXPECT_EQ(s.feed("\n42"), "200 Write handler 'q.capacity' OK\r\n");
    EXPECT_EQ(b.read("q.capacity"), "42\n");
}

TEST_F(ControlProtocolTest, EndOfInput) {
    Session s(b.router.get());
    EXPECT_EQ(s.feed("READ version"), "");
    EXPECT_EQ(s.feed("", true), "200 Read handler 'version' OK\r\nDATA 6\r\n0.1.0\n");
    Session t(b.router.get());
    EXPECT_EQ(t.feed("WRITEDATA q.capacity 5\r\n12", true), "500 Not enough data\r\n");
    EXPECT_EQ(b.read("q.capacity"), "10\n");
}

TEST_F(ControlProtocolTest, QuitAndHelp) {
    Session s(b.router.get());
    std::string help = s.feed("HELP\n");
    EXPECT_EQ(help.rfind("200-Commands supported:\r\n", 0), 0u);
    EXPECT_NE(help.find("\r\n200 QUIT                    close connection\r\n"), std::string::npos);
    EXPECT_EQ(s.feed("QUIT\nREAD version\n"), "200 Goodbye!\r\n");
    EXPECT_EQ(s.last, ControlProtocol::Result::Close);
    Session t(b.router.get());
    EXPECT_EQ(t.feed("quit now\n"), "500 Bad command syntax\r\n200 Goodbye!\r\n");
    EXPECT_EQ(t.last, ControlProtocol::Result::Close);
}

TEST_F(ControlProtocolTest, OversizedInputIsRefused) {
    Session s(b.router.get());
    EXPECT_EQ(s.feed(std::string(70000, 'A')), "500 Line too long\r\n");
    EXPECT_EQ(s.last, ControlProtocol::Result::Close);
    Session t(b.router.get());
    EXPECT_EQ(t.feed("WRITEDATA q.capacity 99999999999\r\n"), "521 Data too large for handler 'q.capacity'\r\n");
    EXPECT_EQ(t.last, ControlProtocol::Result::Close);
    Session u(b.router.get());
    EXPECT_EQ(u.feed(std::string(60000, 'B')), "");  // long, but not too long yet
    EXPECT_EQ(u.feed("\n"), "501 Command '" + std::string(60000, 'B') + "' unimplemented\r\n");
}

TEST_F(ControlProtocolTest, GarbageNeverCrashes) {
    // Bytes of every value, in every line shape: each line gets a response or is skipped.
    std::string garbage;
    for (int i = 0; i < 4096; ++i) garbage += char((i * 7919 + i / 13) & 0xff);
    Session s(b.router.get());
    std::string out = s.feed(garbage, true);
    EXPECT_NE(s.last, ControlProtocol::Result::Done);
    for (size_t at = 0; at < out.size();) {
        EXPECT_TRUE(out.compare(at, 4, "500 ") == 0 || out.compare(at, 4, "501 ") == 0 ||
                    out.compare(at, 4, "510 ") == 0 || out.compare(at, 4, "511 ") == 0 ||
                    out.compare(at, 4, "200 ") == 0)
            << out.substr(at, 40);
        size_t nl = out.find("\r\n", at);
        ASSERT_NE(nl, std::string::npos);
        at = nl + 2;
    }
}
