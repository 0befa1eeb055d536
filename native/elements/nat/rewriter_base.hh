// What the rewriters share (Click's IPRewriterBase): input specs, the mapping table and its
// reaper, the TCP/UDP packet path, handlers and hot-swap state transfer. IPRewriter,
// TCPRewriter and UDPRewriter differ in the protocols they rewrite, whether they track TCP
// connection state, their timeout keywords and their table handlers; ICMPPingRewriter,
// IPAddrRewriter and IPAddrPairRewriter bring their own packet path and flow identifiers.
#pragma once
#include <string>
#include <vector>

#include "clickos/element.hh"
#include "clickos/ip.hh"
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
    // Whether TCP/UDP packets of this protocol go through the TCP/UDP packet path.
    bool rewrites(uint8_t proto) const {
        return (proto == IP_PROTO_TCP && protocols_.tcp) || (proto == IP_PROTO_UDP && protocols_.udp);
    }
    // For ICMPRewriter: `quoted` identifies a packet this rewriter emitted, as an ICMP error
    // quotes it (protocol `proto`; `icmp_type` when it is ICMP). Sets `original` to what the
    // packet was before this rewriter rewrote it; false if none of its mappings made it.
    virtual bool unrewrite(uint8_t proto, uint8_t icmp_type, const FlowKey& quoted, FlowKey& original) const;
    // For FTPPortMapper: the mapping of flow (proto, key), made with `pattern` if there is
    // none yet (outputs foutput/routput, counted as input 0's). Null if no port is free or
    // the table is full of guaranteed mappings.
    Flow* install(uint8_t proto, const FlowKey& key, RewritePattern& pattern, int foutput, int routput);
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
    explicit RewriterBase(Protocols protocols, RewritePattern::Kind kind = RewritePattern::Kind::ports)
        : protocols_(protocols), pattern_kind_(kind) {}

    // Declares the keywords every rewriter takes, completes `args` and parses the input
    // specs. Derived classes declare their own keywords before calling it and set timeouts_
    // after it returns.
    int configure_rewriter(Args& args);
    // For rewriters without TCP state (ICMPPingRewriter, IPAddrRewriter, IPAddrPairRewriter):
    // TIMEOUT (default 5 min) and GUARANTEE (default 5 s), then configure_rewriter().
    int configure_idle_rewriter(Args& args);
    // A handler listing mappings: of one protocol, or of all when proto is 0.
    struct TableHandler {
        std::string name;
        int proto;
        int flags;  // HANDLER_DEPRECATED for Click's old names
    };
    // Handlers of every rewriter, plus the mapping listings.
    void add_rewriter_handlers(const std::vector<TableHandler>& tables);

    // A flow identifier as the table listings show it; "(SA, SP, DA, DP)" by default.
    virtual std::string flow_text(const FlowKey& key) const;
    // A spec this element cannot use (why set), beyond what parsing checks.
    virtual bool spec_fits(const InputSpec&, std::string&) const { return true; }

    // The TCP/UDP packet path: finds or makes the mapping, rewrites in place with incremental
    // checksum updates, then calls after(flow, dir, ip_header, l4_header) (TCPRewriter's
    // sequence shifts). Returns the output, or -1 if the packet was consumed.
    template <typename After>
    int process(int port, Packet*& p, int64_t now, After&& after);
    // A packet without a mapping: the output of a `pass` input (flow stays null), -1 after
    // dropping it, or 0 with `f` set to a new mapping.
    int miss(int port, Packet* p, uint8_t proto, const FlowKey& key, int64_t now, Flow*& f);
    int unrewritable(int port, Packet* p);
    // Sends a batch through `process(port, p, now)`, per-output sub-batches.
    template <typename Process>
    void dispatch(int port, PacketBatch& batch, Process&& process);
    int64_t now() const;
    uint64_t random();

    FlowTimeouts timeouts_;
    std::vector<InputSpec> specs_;
    FlowTable table_;
    bool dst_anno_ = true;

  private:
    // The flow identifier of a rewritable packet (false if it is not one).
    bool flow_key(const Packet* p, uint8_t& proto, unsigned& hl, FlowKey& key) const;
    Flow* create(int port, uint8_t proto, const FlowKey& key, int64_t now);
    std::string listing(int proto) const;
    std::string patterns_text(int input) const;
    bool parse_spec(const std::string& text, InputSpec& out, std::string& why) const;

    Protocols protocols_;
    RewritePattern::Kind pattern_kind_;
    uint32_t capacity_ = FlowTable::max_capacity;
    uint32_t reservation_ = 50;  // shown by the capacity handler (Click's short-term reservation)
    int64_t reap_interval_ = 900'000'000'000;
    Timer reap_timer_{this};
    int64_t test_clock_ = 0;
    uint64_t rng_ = 0;
};

template <typename Process>
void RewriterBase::dispatch(int port, PacketBatch& batch, Process&& process) {
    constexpr int max_bins = 8;  // outputs sorted into sub-batches on the stack; more go one by one
    const int64_t t = now();
    const int n = noutputs();
    if (n == 1) {
        batch.filter([&](Packet* p) -> Packet* { return process(port, p, t) >= 0 ? p : nullptr; });
        if (!batch.empty()) output(0).push_batch(batch);
        return;
    }
    Packet* p = batch.first();
    batch.clear();
    if (n > max_bins) {
        while (p) {
            Packet* next = p->next();
            p->set_next(nullptr);
            int out = process(port, p, t);
            if (out >= 0) checked_output_push(out, p);
            p = next;
        }
        return;
    }
    PacketBatch bins[max_bins];
    while (p) {
        Packet* next = p->next();
        int out = process(port, p, t);
        if (out >= 0) bins[out].append(p);
        p = next;
    }
    for (int i = 0; i < n; ++i)
        if (!bins[i].empty()) output(i).push_batch(bins[i]);
}

}  // namespace clickos::nat
