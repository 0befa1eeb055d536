#include "testing.hh"

#include <cctype>

#include "clickos/element_class.hh"
#include "lang/flatten.hh"

namespace clickos::testing {

CLICKOS_ELEMENT(TestInject);
CLICKOS_ELEMENT(TestCollect);

void TestInject::send(const std::string& bytes) {
    Packet* p = Packet::make(bytes.data(), uint32_t(bytes.size()));
    output(0).push(p);
}

Packet* TestInject::make(const std::string& bytes) {
    return Packet::make(bytes.data(), uint32_t(bytes.size()));
}

void TestInject::send_ip(const std::string& bytes, int ip_offset) {
    Packet* p = make(bytes);
    if (ip_offset >= 0 && size_t(ip_offset) < bytes.size()) {
        const uint8_t* ip = p->data() + ip_offset;
        uint32_t hl = uint32_t(ip[0] & 15) * 4;
        if (hl < 20 || ip_offset + hl > bytes.size()) hl = 20;
        p->set_network_header(ip, hl);
    }
    output(0).push(p);
}

void TestInject::send_batch(const std::vector<std::string>& packets) {
    PacketBatch b;
    for (const auto& s : packets) b.append(Packet::make(s.data(), uint32_t(s.size())));
    output(0).push_batch(b);
}

TestCollect::~TestCollect() {
    clear();
}

void TestCollect::clear() {
    for (Packet* p : packets) p->kill();
    packets.clear();
}

std::vector<std::string> TestCollect::data() const {
    std::vector<std::string> v;
    for (Packet* p : packets) v.emplace_back(reinterpret_cast<const char*>(p->data()), p->length());
    return v;
}

Built build(const std::string& config) {
    Built b;
    lang::Diagnostics diag;
    lang::FlatGraph g = lang::parse_and_flatten(config, "test.click", diag);
    if (diag.has_errors()) {
        b.errors = diag.str();
        return b;
    }
    CollectingErrorHandler errh;
    RouterOptions o;
    o.config_text = config;
    b.router = Router::build(g, &errh, o);
    b.errors = errh.str();
    return b;
}

std::string errors_of(const std::string& config) {
    return build(config).errors;
}

std::string Built::read(const std::string& handler) const {
    std::string out, error;
    if (!router) return "ERROR: no router";
    if (!router->read(handler, out, error)) return "ERROR: " + error;
    return out;
}

std::string Built::write(const std::string& handler, const std::string& value) const {
    std::string error;
    if (!router) return "ERROR: no router";
    if (!router->write(handler, value, error)) return error;
    return "";
}

std::string hex(const std::string& bytes) {
    static const char digits[] = "0123456789abcdef";
    std::string s;
    for (unsigned char c : bytes) {
        s += digits[c >> 4];
        s += digits[c & 15];
    }
    return s;
}

std::string unhex(const std::string& h) {
    std::string out;
    int nibble = -1;
    for (char c : h) {
        if (std::isspace(static_cast<unsigned char>(c))) continue;
        int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : std::tolower(c) - 'a' + 10;
        if (nibble < 0)
            nibble = v;
        else {
            out += char((nibble << 4) | v);
            nibble = -1;
        }
    }
    return out;
}

}  // namespace clickos::testing
