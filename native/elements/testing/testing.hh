// Helpers for element tests: build a router from a configuration string, inject packets
// (TestInject), collect what comes out (TestCollect), read and write handlers.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "clickos/element.hh"
#include "clickos/router.hh"

namespace clickos::testing {

// TestInject: "0/1" push source that sends what the test gives it.
class TestInject : public Element {
  public:
    const char* class_name() const override { return "TestInject"; }
    const char* port_count() const override { return "0/1"; }
    const char* processing() const override { return "h/h"; }
    void send(Packet* p) { output(0).push(p); }
    void send(const std::string& bytes);
    void send_batch(const std::vector<std::string>& packets);
    // Sends bytes whose IPv4 header starts at `ip_offset`: sets the network header
    // annotation (length from the header's IHL, when readable) and the transport header.
    void send_ip(const std::string& bytes, int ip_offset = 0);
    // A packet the test prepared itself (annotations and all).
    static Packet* make(const std::string& bytes);
};

// TestCollect: "1/0" push sink that keeps every packet it receives.
class TestCollect : public Element {
  public:
    ~TestCollect() override;
    const char* class_name() const override { return "TestCollect"; }
    const char* port_count() const override { return "1/0"; }
    const char* processing() const override { return "h/h"; }
    void push(int, Packet* p) override { packets.push_back(p); }
    std::vector<std::string> data() const;  // contents of the packets received
    std::vector<Packet*> packets;
    void clear();
};

struct Built {
    std::unique_ptr<Router> router;
    std::string errors;  // "file:line:col: message" lines from parsing and building
    Element* operator[](const std::string& name) const { return router ? router->find(name) : nullptr; }
    template <typename T>
    T* get(const std::string& name) const {
        return dynamic_cast<T*>((*this)[name]);
    }
    std::string read(const std::string& handler) const;                             // "ERROR: ..." on failure
    std::string write(const std::string& handler, const std::string& value) const;  // "" on success
};

// Parses, flattens and builds `config` (file name "test.click").
Built build(const std::string& config);
// Only the errors building `config` reports ("" if it builds).
std::string errors_of(const std::string& config);

std::string hex(const std::string& bytes);         // "0a0b0c"
std::string unhex(const std::string& hex_digits);  // spaces allowed

}  // namespace clickos::testing
