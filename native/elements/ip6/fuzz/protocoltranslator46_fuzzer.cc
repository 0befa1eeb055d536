// libFuzzer target: arbitrary bytes into both inputs of ProtocolTranslator46. Besides not
// crashing (ASan/UBSan), IPv4 packets it makes must carry a correct header checksum and a
// total length equal to their size, and IPv6 packets a payload length equal to theirs.
//
// Input: the first byte is control (bit 0: send to the IPv6 input, else the IPv4 one).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "clickos/element_class.hh"
#include "clickos/ip.hh"
#include "clickos/router.hh"
#include "ipencap/ip_header.hh"
#include "lang/flatten.hh"

namespace clickos {

class FuzzInject : public Element {
  public:
    const char* class_name() const override { return "FuzzInject"; }
    const char* port_count() const override { return "0/1"; }
    const char* processing() const override { return "h/h"; }
    void send(Packet* p) { output(0).push(p); }
};

class FuzzExpectIPv4 : public SimpleElement<FuzzExpectIPv4> {
  public:
    const char* class_name() const override { return "FuzzExpectIPv4"; }
    Packet* action(Packet* p) {
        IPHeaderRef r;
        if (!locate_ip_header(p, r) || internet_checksum(r.bytes(p), r.hlen) != 0 || ntohs(r.h.len) != r.avail) {
            std::fprintf(stderr, "ProtocolTranslator46 made a bad IPv4 packet\n");
            std::abort();
        }
        return p;
    }
};

class FuzzExpectIPv6 : public SimpleElement<FuzzExpectIPv6> {
  public:
    const char* class_name() const override { return "FuzzExpectIPv6"; }
    Packet* action(Packet* p) {
        const uint8_t* h = p->data();
        if (p->length() < 40 || (h[0] >> 4) != 6 || load_be16(h + 4) + 40u != p->length()) {
            std::fprintf(stderr, "ProtocolTranslator46 made a bad IPv6 packet\n");
            std::abort();
        }
        return p;
    }
};

CLICKOS_ELEMENT(FuzzInject);
CLICKOS_ELEMENT(FuzzExpectIPv4);
CLICKOS_ELEMENT(FuzzExpectIPv6);

}  // namespace clickos

namespace {

using namespace clickos;

const char* const config = R"(
v4 :: FuzzInject -> [0] t :: ProtocolTranslator46 [0] -> FuzzExpectIPv6 -> [1] back :: ProtocolTranslator46;
v6 :: FuzzInject -> [1] t [1] -> FuzzExpectIPv4 -> [0] back;
back[0] -> FuzzExpectIPv6 -> Discard;
back[1] -> FuzzExpectIPv4 -> Discard;
)";

struct Graph {
    std::unique_ptr<Router> router;
    FuzzInject *v4 = nullptr, *v6 = nullptr;
};

Graph& graph() {
    static Graph g = [] {
        Graph x;
        lang::Diagnostics diag;
        lang::FlatGraph flat = lang::parse_and_flatten(config, "protocoltranslator46_fuzzer.click", diag);
        ConsoleErrorHandler errh;
        if (!diag.has_errors()) x.router = Router::build(flat, &errh);
        if (!x.router) {
            std::fprintf(stderr, "protocoltranslator46_fuzzer: configuration does not build\n%s", diag.str().c_str());
            std::abort();
        }
        x.v4 = dynamic_cast<FuzzInject*>(x.router->find("v4"));
        x.v6 = dynamic_cast<FuzzInject*>(x.router->find("v6"));
        return x;
    }();
    return g;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1 || size > 4096) return 0;
    Graph& g = graph();
    if (Packet* p = Packet::make(data + 1, uint32_t(size - 1))) (data[0] & 1 ? g.v6 : g.v4)->send(p);
    return 0;
}
