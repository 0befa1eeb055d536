// IPRouteTable: what the IPv4 routing table elements (LinearIPLookup, StaticIPLookup,
// RadixIPLookup, DirectIPLookup, RangeIPLookup) share, as Click's IPRouteTable does: the
// route arguments, the authoritative route set (which also says where each route came
// from, for hot-swap), the handlers (table, lookup, add, set, remove, ctrl, flush) and the
// push paths. A concrete table keeps its own lookup structure in step through the
// structure_* hooks and provides `int lookup(uint32_t dst, uint32_t& gw) const`.
//
// Every change made through a handler is checked before it touches anything, and ctrl
// applies its commands with an undo log: a failed write leaves the table as it was. The
// engine runs handlers between packets, so a lookup never sees a half-done update.
#pragma once
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "clickos/element.hh"
#include "ip_route.hh"

namespace clickos {

class IPRouteTable : public Element {
  public:
    const char* port_count() const override { return "1/-"; }
    const char* processing() const override { return "h/h"; }
    int configure(Args& args) override;
    void add_handlers() override;
    // Routes added or set through handlers survive a hot-swap; the configuration's own
    // routes come from the new configuration.
    void take_state(Element* old, ErrorHandler* errh) override;

    // The output for dst (network byte order), or -1 if no route matches; gw receives the
    // route's gateway (0 if none).
    virtual int lookup_route(uint32_t dst, uint32_t& gw) const = 0;

    // Handler-level operations, for tests and for other elements. They return 0, or -1
    // after reporting why through errh (the table is then unchanged).
    int add_route(const IPRoute& r, bool replace, ErrorHandler* errh);
    int remove_route(const IPRoute& r, ErrorHandler* errh);
    // One command per line: "add ROUTE", "set ROUTE", "remove ROUTE"; all or nothing.
    int run_ctrl(const std::string& text, ErrorHandler* errh);
    std::string dump_routes() const;
    size_t route_count() const { return routes_.size(); }

  protected:
    // Whether routes can change at run time (the add/set/remove/ctrl handlers).
    virtual bool dynamic() const { return true; }
    // Whether the table only takes masks that are prefixes (contiguous ones).
    virtual bool prefix_masks_only() const { return true; }
    // Whether the element has Click's `flush` handler.
    virtual bool has_flush() const { return false; }
    // Called once before any route is added (memory for the structure); -1 on failure.
    virtual int structure_init(ErrorHandler*) { return 0; }
    // r is new, or replaces `replaced` (same addr/mask).
    virtual void structure_set(const IPRoute& r, const IPRoute* replaced) = 0;
    // r is gone; `fallback` is the longest remaining route covering it (prefix masks
    // only; null if none).
    virtual void structure_erase(const IPRoute& r, const IPRoute* fallback) = 0;
    virtual void structure_clear() = 0;
    // After a group of changes (a configuration, one handler write, a hot-swap).
    virtual void structure_commit() {}

    template <typename F>
    void for_each_route(F&& f) const {
        for (const auto& [key, s] : routes_) f(s.route);
    }

  private:
    struct Stored {
        IPRoute route;
        bool from_config;
    };
    using Key = std::pair<uint32_t, uint32_t>;  // host byte order addr, mask: sorts the table
    static Key key_of(const IPRoute& r);
    // A change, and how to take it back.
    struct Undo {
        Key key;
        bool had;
        Stored old;
    };
    enum class Op { Add, Set, Remove };

    // Checks a route's output and mask; "" if acceptable.
    std::string check(const IPRoute& r) const;
    // Applies one command (route text as written, for messages); on failure reports and
    // changes nothing.
    int apply(Op op, const std::string& text, bool from_config, std::vector<Undo>* undo, ErrorHandler* errh,
              const std::string& context);
    void put(const IPRoute& r, bool from_config);
    void erase(std::map<Key, Stored>::iterator it);
    void rollback(std::vector<Undo>& undo);
    const IPRoute* covering(const IPRoute& r) const;
    void flush();

    std::map<Key, Stored> routes_;
    std::string lookup_result_;
};

// The push paths for a concrete table: its lookup is called directly (no virtual call per
// packet), and a batch is split into one sub-batch per output.
template <typename Derived>
class IPRouteTableImpl : public IPRouteTable {
  public:
    int lookup_route(uint32_t dst, uint32_t& gw) const override { return self()->lookup(dst, gw); }

    void push(int, Packet* p) override {
        uint32_t gw;
        int port = self()->lookup(p->dst_ip_anno(), gw);
        if (port < 0) {
            p->kill();
            return;
        }
        if (gw) p->set_dst_ip_anno(gw);
        output(port).push(p);
    }

    void push_batch(int port, PacketBatch& batch) override {
        constexpr int max_split = 16;
        const int n = noutputs();
        if (n > max_split) {
            Element::push_batch(port, batch);
            return;
        }
        // On the stack, so a packet that comes back here through a loop is handled.
        PacketBatch out[max_split];
        Packet* dead = nullptr;
        for (Packet* p = batch.first(); p;) {
            Packet* next = p->next();
            uint32_t gw;
            int o = self()->lookup(p->dst_ip_anno(), gw);
            if (__builtin_expect(o < 0, 0)) {
                p->set_next(dead);
                dead = p;
            } else {
                if (gw) p->set_dst_ip_anno(gw);
                out[o].append(p);
            }
            p = next;
        }
        batch.clear();
        while (dead) {
            Packet* next = dead->next();
            dead->kill();
            dead = next;
        }
        for (int i = 0; i < n; ++i)
            if (!out[i].empty()) output(i).push_batch(out[i]);
    }

  private:
    const Derived* self() const { return static_cast<const Derived*>(this); }
};

}  // namespace clickos
