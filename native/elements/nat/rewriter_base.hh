// What IPRewriter, TCPRewriter and UDPRewriter share (Click's IPRewriterBase): input specs,
// the mapping table and its reaper, the packet path, handlers and hot-swap state transfer.
// The classes differ in the protocols they rewrite, whether they track TCP connection state,
// their timeout keywords and their table handlers.
#pragma once
#include <string>
#include <vector>

#include "clickos/element.hh"
#include "clickos/timer.hh"
#include "flow_table.hh"
#include "input_spec.hh"

namespace clickos::nat {

class RewriterBase : public Element {
  public:
    const char* port_count() const override { return "1-/1-256"; }
    const char* processing() const override { return "h/h"; }
    int initialize(ErrorHandler* errh) override;
    void take_state(Element* old, ErrorHandler* errh) override;
    void* cast(const char* name) override;
    void push(int port, Packet* p) override;
    void push_batch(int port, PacketBatch& batch) override;
    void run_timer(Timer* timer) override;

    const FlowTable& table() const { return table_; }
    uint64_t mapping_failures() const;
    // Removes idle mappings now, as the REAP_INTERVAL timer does.
    void reap() { table_.reap(now()); }
    // For tests: from now on the element reads this steady-clock time (ns) instead of the
    // clock, for packets, the reaper and handlers. The first call re-bases the expiry wheel.
    void set_clock_for_testing(int64_t ns);

  protected:
    struct Protocols {
        bool tcp;        // rewrites TCP
        bool udp;        // rewrites UDP
        bool track_tcp;  // TCP mappings follow connection state (TCP_* timeouts)
    };
    explicit RewriterBase(Protocols protocols) : protocols_(protocols) {}

    // Declares the keywords every rewriter takes, completes `args` and parses the input
    // specs. Derived classes declare their own keywords before calling it and set timeouts_
    // after it returns.
    int configure_rewriter(Args& args);
    // A handler listing mappings: of one protocol, or of all when proto is 0.
    struct TableHandler {
        std::string name;
        int proto;
        int flags;  // HANDLER_DEPRECATED for Click's old names
    };
    // Handlers of every rewriter, plus the mapping listings.
    void add_rewriter_handlers(const std::vector<TableHandler>& tables);

    FlowTimeouts timeouts_;

  private:
    int process(int port, Packet*& p, int64_t now);
    // The flow identifier of a rewritable packet (false if it is not one).
    bool flow_key(const Packet* p, uint8_t& proto, unsigned& hl, FlowKey& key) const;
    int unrewritable(int port, Packet* p);
    Flow* create(int port, uint8_t proto, const FlowKey& key, int64_t now);
    int64_t now() const;
    uint64_t random();
    std::string listing(int proto) const;
    std::string patterns_text(int input) const;
    bool parse_spec(const std::string& text, InputSpec& out, std::string& why) const;

    Protocols protocols_;
    std::vector<InputSpec> specs_;
    FlowTable table_;
    uint32_t capacity_ = FlowTable::max_capacity;
    uint32_t reservation_ = 50;  // shown by the capacity handler (Click's short-term reservation)
    int64_t reap_interval_ = 900'000'000'000;
    bool dst_anno_ = true;
    Timer reap_timer_{this};
    int64_t test_clock_ = 0;
    uint64_t rng_ = 0;
};

}  // namespace clickos::nat
