#include "iproutetable.hh"

#include <arpa/inet.h>

#include "clickos/addresses.hh"
#include "clickos/args.hh"

namespace clickos {

namespace {

std::string trim(const std::string& s) {
    size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::string bad_route(const std::string& text, const std::string& why) {
    return "bad route '" + text + "': " + why;
}

}  // namespace

IPRouteTable::Key IPRouteTable::key_of(const IPRoute& r) {
    return {ntohl(r.addr), ntohl(r.mask)};
}

std::string IPRouteTable::check(const IPRoute& r) const {
    if (r.port < 0 || r.port >= noutputs()) {
        if (noutputs() == 0) return "OUTPUT " + std::to_string(r.port) + " out of range (no outputs)";
        return "OUTPUT " + std::to_string(r.port) + " out of range (0 to " + std::to_string(noutputs() - 1) + ")";
    }
    if (prefix_masks_only() && r.prefix_len() < 0)
        return "mask " + IPAddress{r.mask}.str() + " is not a prefix (contiguous ones)";
    return "";
}

int IPRouteTable::configure(Args& args) {
    std::vector<std::string> routes;
    if (args.read_rest(routes).complete() < 0) return -1;
    if (structure_init(args.errh()) < 0) return -1;
    int errors = 0, replaced = 0;
    for (const auto& a : args.args()) {
        IPRoute r;
        std::string why;
        if (!parse_route(a.value, r, why) || !(why = check(r)).empty()) {
            args.error_at(a, bad_route(a.value, why));
            ++errors;
            continue;
        }
        if (routes_.count(key_of(r))) ++replaced;
        put(r, true);
    }
    if (replaced)
        args.errh()->warning(std::to_string(replaced) + (replaced == 1 ? " route" : " routes") +
                             " replaced by a later route for the same ADDR/MASK");
    structure_commit();
    return errors ? -1 : 0;
}

void IPRouteTable::put(const IPRoute& r, bool from_config) {
    Key k = key_of(r);
    auto it = routes_.find(k);
    if (it != routes_.end()) {
        IPRoute old = it->second.route;
        it->second = Stored{r, from_config};
        structure_set(r, &old);
    } else {
        routes_.emplace(k, Stored{r, from_config});
        structure_set(r, nullptr);
    }
}

void IPRouteTable::erase(std::map<Key, Stored>::iterator it) {
    IPRoute r = it->second.route;
    routes_.erase(it);
    structure_erase(r, prefix_masks_only() ? covering(r) : nullptr);
}

const IPRoute* IPRouteTable::covering(const IPRoute& r) const {
    uint32_t addr = ntohl(r.addr);
    for (int len = r.prefix_len() - 1; len >= 0; --len) {
        uint32_t m = prefix_mask_host(len);
        auto it = routes_.find({addr & m, m});
        if (it != routes_.end()) return &it->second.route;
    }
    return nullptr;
}

int IPRouteTable::apply(Op op, const std::string& text, bool from_config, std::vector<Undo>* undo, ErrorHandler* errh,
                        const std::string& context) {
    IPRoute r;
    std::string why;
    if (op == Op::Remove) {
        if (!parse_route_key(text, r, why)) return errh->error(context + bad_route(text, why));
        auto it = routes_.find(key_of(r));
        if (it == routes_.end()) return errh->error(context + "no route for " + r.prefix_str());
        const IPRoute& have = it->second.route;
        if (r.port >= 0 && (have.port != r.port || have.gw != r.gw))
            return errh->error(context + "no route '" + text + "' (the route for " + r.prefix_str() + " is '" +
                               have.table_line() + "')");
        if (undo) undo->push_back({it->first, true, it->second});
        erase(it);
        return 0;
    }
    if (!parse_route(text, r, why) || !(why = check(r)).empty()) return errh->error(context + bad_route(text, why));
    auto it = routes_.find(key_of(r));
    if (it != routes_.end() && op == Op::Add)
        return errh->error(context + "a route for " + r.prefix_str() + " already exists");
    if (undo) undo->push_back({key_of(r), it != routes_.end(), it != routes_.end() ? it->second : Stored{}});
    put(r, from_config);
    return 0;
}

void IPRouteTable::rollback(std::vector<Undo>& undo) {
    for (auto u = undo.rbegin(); u != undo.rend(); ++u) {
        if (u->had) {
            put(u->old.route, u->old.from_config);
        } else {
            auto it = routes_.find(u->key);
            if (it != routes_.end()) erase(it);
        }
    }
    undo.clear();
}

int IPRouteTable::add_route(const IPRoute& r, bool replace, ErrorHandler* errh) {
    std::string why = check(r);
    if (!why.empty()) return errh->error(bad_route(r.table_line(), why));
    auto it = routes_.find(key_of(r));
    if (it != routes_.end() && !replace) return errh->error("a route for " + r.prefix_str() + " already exists");
    put(r, false);
    structure_commit();
    return 0;
}

int IPRouteTable::remove_route(const IPRoute& r, ErrorHandler* errh) {
    auto it = routes_.find(key_of(r));
    if (it == routes_.end() || (r.port >= 0 && (it->second.route.port != r.port || it->second.route.gw != r.gw)))
        return errh->error("no route for " + r.prefix_str());
    erase(it);
    structure_commit();
    return 0;
}

int IPRouteTable::run_ctrl(const std::string& text, ErrorHandler* errh) {
    std::vector<Undo> undo;
    size_t pos = 0;
    int line_no = 0;
    int result = 0;
    while (pos <= text.size() && result == 0) {
        size_t nl = text.find('\n', pos);
        std::string line = trim(text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos));
        pos = nl == std::string::npos ? text.size() + 1 : nl + 1;
        ++line_no;
        if (line.empty()) continue;
        size_t sp = line.find_first_of(" \t");
        std::string cmd = line.substr(0, sp);
        std::string rest = sp == std::string::npos ? std::string() : trim(line.substr(sp));
        std::string context = "ctrl: line " + std::to_string(line_no) + ": ";
        Op op;
        if (cmd == "add")
            op = Op::Add;
        else if (cmd == "set")
            op = Op::Set;
        else if (cmd == "remove")
            op = Op::Remove;
        else {
            result = errh->error(context + "unknown command '" + cmd + "' (expected add, set or remove)");
            break;
        }
        result = apply(op, rest, false, &undo, errh, context);
    }
    if (result < 0) rollback(undo);
    structure_commit();
    return result;
}

std::string IPRouteTable::dump_routes() const {
    std::string s;
    for (const auto& [k, st] : routes_) s += st.route.table_line() + "\n";
    return s;
}

void IPRouteTable::flush() {
    routes_.clear();
    structure_clear();
    structure_commit();
}

void IPRouteTable::take_state(Element* old, ErrorHandler* errh) {
    auto* o = dynamic_cast<IPRouteTable*>(old);
    if (!o) return;
    for (const auto& [k, s] : o->routes_) {
        if (s.from_config) continue;
        std::string why = check(s.route);
        if (!why.empty()) {
            errh->warning("run-time route '" + s.route.table_line() + "' dropped: " + why);
            continue;
        }
        put(s.route, false);
    }
    structure_commit();
}

void IPRouteTable::add_handlers() {
    add_read_handler("table", [this](Element*) { return dump_routes(); });
    // Click's lookup is a read handler with a parameter; here the address is written to
    // `lookup` and the answer ("OUT [GW]", or -1 without a route) read back from it.
    add_write_handler("lookup", [this](const std::string& v, Element*, ErrorHandler* errh) {
        IPAddress a;
        if (!IPAddress::parse(v, a)) return errh->error("lookup: expected IP address, found '" + v + "'");
        uint32_t gw = 0;
        int port = lookup_route(a.addr, gw);
        lookup_result_ = std::to_string(port < 0 ? -1 : port);
        if (port >= 0 && gw) lookup_result_ += " " + IPAddress{gw}.str();
        return 0;
    });
    add_read_handler("lookup", [this](Element*) { return lookup_result_.empty() ? "" : lookup_result_ + "\n"; });
    if (dynamic()) {
        auto single = [this](Op op, const char* name) {
            return [this, op, name](const std::string& v, Element*, ErrorHandler* errh) {
                if (apply(op, v, false, nullptr, errh, std::string(name) + ": ") < 0) return -1;
                structure_commit();
                return 0;
            };
        };
        add_write_handler("add", single(Op::Add, "add"));
        add_write_handler("set", single(Op::Set, "set"));
        add_write_handler("remove", single(Op::Remove, "remove"));
        add_write_handler("ctrl",
                          [this](const std::string& v, Element*, ErrorHandler* errh) { return run_ctrl(v, errh); });
    }
    if (has_flush())
        add_write_handler(
            "flush",
            [this](const std::string&, Element*, ErrorHandler*) {
                flush();
                return 0;
            },
            HANDLER_BUTTON);
}

}  // namespace clickos
