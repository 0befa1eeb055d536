#include "clickos/router.hh"

#include <algorithm>
#include <cstring>
#include <deque>
#include <functional>
#include <set>

#include "clickos/address_names.hh"
#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/packages.hh"
#include "lang/printer.hh"

#ifndef CLICKOS_VERSION_STRING
#define CLICKOS_VERSION_STRING "0.1.0"
#endif

namespace clickos {

namespace {

struct PortRange {
    int min = 0;
    int max = 0;  // -1: unbounded
    bool same_as_inputs = false;
};

// One side of Click's port count syntax: "N", "N-M", "N-", "-", "=".
bool parse_range(std::string_view s, PortRange& r) {
    if (s == "=") {
        r.same_as_inputs = true;
        return true;
    }
    if (s == "-") {
        r.min = 0;
        r.max = -1;
        return true;
    }
    size_t dash = s.find('-');
    auto num = [](std::string_view t, int& v) {
        if (t.empty()) return false;
        v = 0;
        for (char c : t) {
            if (c < '0' || c > '9') return false;
            v = v * 10 + (c - '0');
        }
        return true;
    };
    if (dash == std::string_view::npos) {
        if (!num(s, r.min)) return false;
        r.max = r.min;
        return true;
    }
    if (!num(s.substr(0, dash), r.min)) return false;
    std::string_view hi = s.substr(dash + 1);
    if (hi.empty()) {
        r.max = -1;
        return true;
    }
    return num(hi, r.max);
}

char code_at(std::string_view side, int i) {
    if (side.empty()) return 'a';
    return side[std::min<size_t>(size_t(i), side.size() - 1)];
}

std::string plural(int n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

Router::~Router() {
    // Cleanup in reverse order; stage tells elements how far they got.
    for (size_t i = elements_.size(); i-- > 0;) {
        CleanupStage stage = stage_;
        if (stage_ == CleanupStage::Failed && int(i) < initialized_) stage = CleanupStage::Initialized;
        elements_[i]->cleanup(stage);
    }
    for (Task* t : tasks_) t->scheduled_ = false, t->router_ = nullptr, t->heap_index_ = -1;
    for (Timer* t : timers_) t->heap_index_ = -1, t->router_ = nullptr;
    tasks_.clear();
    timers_.clear();
    elements_.clear();
}

std::unique_ptr<Router> Router::build(const lang::FlatGraph& graph, ErrorHandler* errh, const RouterOptions& options) {
    std::unique_ptr<Router> r(new Router());
    r->options_ = options;
    r->graph_ = graph;
    int before = errh->nerrors();
    if (!r->load_packages(errh)) return nullptr;
    if (!r->create_elements(errh)) return nullptr;
    bool ports_ok = r->check_ports(errh);
    bool processing_ok = ports_ok && r->resolve_processing(errh);
    if (!ports_ok || !processing_ok) return nullptr;
    r->connect_ports();
    if (!r->configure(errh)) return nullptr;
    if (options.check_only) return errh->nerrors() > before ? nullptr : std::move(r);
    r->add_global_handlers();
    for (auto& e : r->elements_) r->add_standard_handlers(e.get());
    if (!r->initialize(errh)) return nullptr;
    r->stage_ = CleanupStage::Running;
    return r;
}

bool Router::check(const lang::FlatGraph& graph, ErrorHandler* errh, const RouterOptions& options) {
    RouterOptions o = options;
    o.check_only = true;
    return build(graph, errh, o) != nullptr;
}

bool Router::load_packages(ErrorHandler* errh) {
    for (const auto& req : graph_.requirements) {
        if (req.kind == "library") continue;
        std::string error;
        void* handle = load_element_package(req.name, options_.package_path, error);
        if (!handle) {
            errh->error_at(req.loc, "require(package " + req.name + "): " + error);
            continue;
        }
        packages_.push_back(handle);
    }
    return errh->nerrors() == 0 || packages_.size() == graph_.requirements.size();
}

bool Router::create_elements(ErrorHandler* errh) {
    bool ok = true;
    const auto& reg = ElementRegistry::global();
    elements_.reserve(graph_.elements.size());
    for (size_t i = 0; i < graph_.elements.size(); ++i) {
        const auto& fe = graph_.elements[i];
        const ElementClass* cls = reg.find(fe.class_name);
        if (!cls) {
            errh->error_at(fe.loc, "unknown element class '" + fe.class_name + "'" +
                                       (fe.name.find('@') == std::string::npos ? " (element '" + fe.name + "')" : ""));
            ok = false;
            elements_.push_back(nullptr);
            continue;
        }
        Element* e = cls->make();
        e->name_ = fe.name;
        e->config_ = fe.config;
        e->location_ = fe.loc;
        e->router_ = this;
        e->eindex_ = int(i);
        elements_.emplace_back(e);
        by_name_[fe.name] = int(i);
    }
    if (!ok) {
        elements_.clear();
        by_name_.clear();
    }
    return ok;
}

bool Router::check_ports(ErrorHandler* errh) {
    bool ok = true;
    std::vector<int> nin(elements_.size(), 0), nout(elements_.size(), 0);
    for (const auto& c : graph_.connections) {
        nout[c.from] = std::max(nout[c.from], c.from_port + 1);
        nin[c.to] = std::max(nin[c.to], c.to_port + 1);
    }
    std::vector<PortRange> in_range(elements_.size()), out_range(elements_.size());
    for (size_t i = 0; i < elements_.size(); ++i) {
        Element* e = elements_[i].get();
        std::string_view spec = e->port_count();
        size_t slash = spec.find('/');
        std::string_view a = spec.substr(0, slash), b = slash == std::string_view::npos ? spec : spec.substr(slash + 1);
        if (!parse_range(a, in_range[i]) || !parse_range(b, out_range[i])) {
            errh->error_at(e->location(),
                           e->declaration() + ": bad port count '" + std::string(spec) + "' (engine bug)");
            ok = false;
            continue;
        }
        int ni = std::max(nin[i], in_range[i].min);
        PortRange& orng = out_range[i];
        if (orng.same_as_inputs) orng.min = orng.max = ni;
        int no = std::max(nout[i], orng.min);
        e->inputs_.assign(size_t(ni), Port{});
        e->outputs_.assign(size_t(no), Port{});
        e->input_pull_.assign(size_t(ni), false);
        e->output_push_.assign(size_t(no), true);
    }
    if (!ok) return false;
    // Ports beyond what the class allows, reported at the connection that uses them.
    for (const auto& c : graph_.connections) {
        Element* f = elements_[c.from].get();
        Element* t = elements_[c.to].get();
        if (out_range[c.from].max >= 0 && c.from_port >= out_range[c.from].max) {
            errh->error_at(c.loc, "'" + f->declaration() + "' has " + plural(out_range[c.from].max, "output") +
                                      ", but output " + std::to_string(c.from_port) + " is used");
            ok = false;
        }
        if (in_range[c.to].max >= 0 && c.to_port >= in_range[c.to].max) {
            errh->error_at(c.loc, "'" + t->declaration() + "' has " + plural(in_range[c.to].max, "input") +
                                      ", but input " + std::to_string(c.to_port) + " is used");
            ok = false;
        }
    }
    return ok;
}

bool Router::resolve_processing(ErrorHandler* errh) {
    // Port nodes: (element, input/output, index) -> id.
    std::vector<int> in_base(elements_.size()), out_base(elements_.size());
    int n = 0;
    for (size_t i = 0; i < elements_.size(); ++i) {
        in_base[i] = n;
        n += elements_[i]->ninputs();
        out_base[i] = n;
        n += elements_[i]->noutputs();
    }
    std::vector<char> value(size_t(n), 'a');                                      // 'h' push, 'l' pull, 'a' unknown
    std::vector<std::vector<std::pair<int, int>>> links(static_cast<size_t>(n));  // (node, connection or -1-element)
    std::vector<int> owner(static_cast<size_t>(n));
    for (size_t i = 0; i < elements_.size(); ++i) {
        Element* e = elements_[i].get();
        std::string_view proc = e->processing();
        size_t slash = proc.find('/');
        std::string_view pin = proc.substr(0, slash),
                         pout = slash == std::string_view::npos ? proc : proc.substr(slash + 1);
        std::vector<int> agnostic_in, agnostic_out;
        for (int k = 0; k < e->ninputs(); ++k) {
            int id = in_base[i] + k;
            owner[id] = int(i);
            char c = code_at(pin, k);
            value[id] = c == 'a' ? 'a' : c;
            if (c == 'a') agnostic_in.push_back(k);
        }
        for (int k = 0; k < e->noutputs(); ++k) {
            int id = out_base[i] + k;
            owner[id] = int(i);
            char c = code_at(pout, k);
            value[id] = c == 'a' ? 'a' : c;
            if (c == 'a') agnostic_out.push_back(k);
        }
        // Agnostic ports of one element resolve together (per its flow code).
        bool per_port = std::string_view(e->flow_code()) == "#/#";
        std::vector<int> group;
        for (int k : agnostic_in) group.push_back(in_base[i] + k);
        for (int k : agnostic_out) group.push_back(out_base[i] + k);
        for (size_t x = 0; x < group.size(); ++x)
            for (size_t y = x + 1; y < group.size(); ++y) {
                int a = group[x], b = group[y];
                if (per_port) {
                    bool a_in = a < out_base[i], b_in = b < out_base[i];
                    int ai = a_in ? a - in_base[i] : a - out_base[i];
                    int bi = b_in ? b - in_base[i] : b - out_base[i];
                    if (a_in == b_in || ai != bi) continue;
                }
                links[size_t(a)].push_back({b, -1 - int(i)});
                links[size_t(b)].push_back({a, -1 - int(i)});
            }
    }
    for (size_t ci = 0; ci < graph_.connections.size(); ++ci) {
        const auto& c = graph_.connections[ci];
        int a = out_base[c.from] + c.from_port, b = in_base[c.to] + c.to_port;
        links[size_t(a)].push_back({b, int(ci)});
        links[size_t(b)].push_back({a, int(ci)});
    }
    auto describe = [&](int id) {
        int ei = owner[size_t(id)];
        bool is_in = id < out_base[ei];
        int port = is_in ? id - in_base[ei] : id - out_base[ei];
        return std::string(value[size_t(id)] == 'h' ? "push " : "pull ") + (is_in ? "input " : "output ") +
               std::to_string(port) + " of '" + elements_[ei]->declaration() + "'";
    };
    bool ok = true;
    std::set<std::pair<int, int>> reported;
    std::deque<int> work;
    for (int id = 0; id < n; ++id)
        if (value[size_t(id)] != 'a') work.push_back(id);
    auto propagate = [&]() {
        while (!work.empty()) {
            int id = work.front();
            work.pop_front();
            for (auto [other, via] : links[size_t(id)]) {
                if (value[size_t(other)] == 'a') {
                    value[size_t(other)] = value[size_t(id)];
                    work.push_back(other);
                } else if (value[size_t(other)] != value[size_t(id)]) {
                    if (!reported.insert({std::min(id, other), std::max(id, other)}).second) continue;
                    if (via >= 0) {
                        const auto& c = graph_.connections[size_t(via)];
                        int out_id = out_base[c.from] + c.from_port, in_id = in_base[c.to] + c.to_port;
                        errh->error_at(c.loc, describe(out_id) + " connected to " + describe(in_id));
                    } else {
                        Element* e = elements_[size_t(-1 - via)].get();
                        errh->error_at(e->location(), "'" + e->declaration() +
                                                          "' is agnostic but used as both push and pull (" +
                                                          describe(id) + ", " + describe(other) + ")");
                    }
                    ok = false;
                }
            }
        }
    };
    propagate();
    // Whatever stays agnostic becomes push.
    for (int id = 0; id < n; ++id)
        if (value[size_t(id)] == 'a') {
            value[size_t(id)] = 'h';
            work.push_back(id);
            propagate();
        }
    for (size_t i = 0; i < elements_.size(); ++i) {
        Element* e = elements_[i].get();
        for (int k = 0; k < e->ninputs(); ++k) e->input_pull_[size_t(k)] = value[size_t(in_base[i] + k)] == 'l';
        for (int k = 0; k < e->noutputs(); ++k) e->output_push_[size_t(k)] = value[size_t(out_base[i] + k)] == 'h';
    }
    if (!ok) return false;
    // Every port connected; push outputs and pull inputs connected once.
    std::vector<int> out_uses(size_t(n), 0), in_uses(size_t(n), 0);
    std::vector<const lang::FlatConnection*> second(size_t(n), nullptr);
    for (const auto& c : graph_.connections) {
        int a = out_base[c.from] + c.from_port, b = in_base[c.to] + c.to_port;
        if (++out_uses[size_t(a)] == 2) second[size_t(a)] = &c;
        if (++in_uses[size_t(b)] == 2) second[size_t(b)] = &c;
    }
    for (size_t i = 0; i < elements_.size(); ++i) {
        Element* e = elements_[i].get();
        for (int k = 0; k < e->ninputs(); ++k) {
            int id = in_base[i] + k;
            if (in_uses[size_t(id)] == 0) {
                errh->error_at(e->location(), "'" + e->declaration() + "' input " + std::to_string(k) + " unused");
                ok = false;
            } else if (in_uses[size_t(id)] > 1 && value[size_t(id)] == 'l') {
                errh->error_at(second[size_t(id)]->loc, describe(id) + " connected more than once");
                ok = false;
            }
        }
        for (int k = 0; k < e->noutputs(); ++k) {
            int id = out_base[i] + k;
            if (out_uses[size_t(id)] == 0) {
                errh->error_at(e->location(), "'" + e->declaration() + "' output " + std::to_string(k) + " unused");
                ok = false;
            } else if (out_uses[size_t(id)] > 1 && value[size_t(id)] == 'h') {
                errh->error_at(second[size_t(id)]->loc, describe(id) + " connected more than once (use Tee to copy)");
                ok = false;
            }
        }
    }
    return ok;
}

void Router::connect_ports() {
    for (const auto& c : graph_.connections) {
        Element* f = elements_[c.from].get();
        Element* t = elements_[c.to].get();
        if (f->output_push_[size_t(c.from_port)]) {
            f->outputs_[size_t(c.from_port)].element_ = t;
            f->outputs_[size_t(c.from_port)].port_ = c.to_port;
        }
        if (t->input_pull_[size_t(c.to_port)]) {
            t->inputs_[size_t(c.to_port)].element_ = f;
            t->inputs_[size_t(c.to_port)].port_ = c.from_port;
        }
        // Push inputs and pull outputs remember one peer, for notifier searches and `ports`.
        if (!t->input_pull_[size_t(c.to_port)] && !t->inputs_[size_t(c.to_port)].element_) {
            t->inputs_[size_t(c.to_port)].element_ = f;
            t->inputs_[size_t(c.to_port)].port_ = c.from_port;
        }
        if (!f->output_push_[size_t(c.from_port)] && !f->outputs_[size_t(c.from_port)].element_) {
            f->outputs_[size_t(c.from_port)].element_ = t;
            f->outputs_[size_t(c.from_port)].port_ = c.to_port;
        }
    }
}

bool Router::configure(ErrorHandler* errh) {
    std::vector<int> order(elements_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = int(i);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return elements_[size_t(a)]->configure_phase() < elements_[size_t(b)]->configure_phase();
    });
    bool ok = true;
    AddressNameIndex address_names;
    for (int i : order) {
        Element* e = elements_[size_t(i)].get();
        const auto& fe = graph_.elements[size_t(i)];
        ContextErrorHandler ctx(errh, e->location(), e->declaration());
        Args args(e->configuration(), fe.config_loc, e, &ctx);
        AddressNameScope names(e, &address_names);  // address arguments may use AddressInfo names
        if (e->configure(args) < 0 || ctx.nerrors() > 0) {
            if (ctx.nerrors() == 0) ctx.error("configuration failed");
            ok = false;
        }
    }
    if (ok) stage_ = CleanupStage::Configured;
    return ok;
}

bool Router::initialize(ErrorHandler* errh) {
    std::vector<int> order(elements_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = int(i);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return elements_[size_t(a)]->configure_phase() < elements_[size_t(b)]->configure_phase();
    });
    for (int i : order) {
        Element* e = elements_[size_t(i)].get();
        e->add_handlers();
    }
    for (int i : order) {
        Element* e = elements_[size_t(i)].get();
        ContextErrorHandler ctx(errh, e->location(), e->declaration());
        if (e->initialize(&ctx) < 0 || ctx.nerrors() > 0) {
            if (ctx.nerrors() == 0) ctx.error("initialization failed");
            return false;
        }
        ++initialized_;
    }
    return true;
}

Element* Router::find(const std::string& name, const Element* context) const {
    if (context) {
        std::string prefix = context->name();
        for (;;) {
            size_t slash = prefix.rfind('/');
            if (slash == std::string::npos) break;
            prefix.resize(slash);
            auto it = by_name_.find(prefix + "/" + name);
            if (it != by_name_.end()) return elements_[size_t(it->second)].get();
        }
    }
    auto it = by_name_.find(name);
    return it == by_name_.end() ? nullptr : elements_[size_t(it->second)].get();
}

// ---------------------------------------------------------------- handlers

void Router::add_standard_handlers(Element* e) {
    e->add_read_handler("name", [](Element* x) { return x->name() + "\n"; });
    e->add_read_handler("class", [](Element* x) { return std::string(x->class_name()) + "\n"; });
    e->add_read_handler("config", [](Element* x) { return x->configuration() + "\n"; });
    e->add_read_handler("ports", [](Element* x) {
        std::string s;
        auto side = [&](bool inputs) {
            int count = inputs ? x->ninputs() : x->noutputs();
            s += plural(count, inputs ? "input" : "output") + "\n";
            for (int k = 0; k < count; ++k) {
                bool push = inputs ? !x->input_is_pull(k) : x->output_is_push(k);
                s += push ? "push" : "pull";
                const Port& p = inputs ? x->input(k) : x->output(k);
                if (p.connected()) s += "\t" + p.element()->name() + " [" + std::to_string(p.port()) + "]";
                s += "\n";
            }
        };
        side(true);
        side(false);
        return s;
    });
    e->add_read_handler("handlers", [](Element* x) {
        std::string s;
        for (const auto& h : x->handlers())
            s += h.name + "\t" + (h.readable() ? "r" : "") + (h.writable() ? "w" : "") + "\n";
        return s;
    });
    e->add_read_handler("icounts", [this](Element* x) {
        std::string s;
        for (int k = 0; k < x->ninputs(); ++k) s += std::to_string(port_count(x, true, k)) + "\n";
        return s;
    });
    e->add_read_handler("ocounts", [this](Element* x) {
        std::string s;
        for (int k = 0; k < x->noutputs(); ++k) s += std::to_string(port_count(x, false, k)) + "\n";
        return s;
    });
}

void Router::add_global_handlers() {
    auto add = [&](const std::string& name, ReadHandler r, WriteHandler w, int flags = 0) {
        globals_.push_back({name, std::move(r), std::move(w), flags});
    };
    add(
        "version", [](Element*) { return std::string(CLICKOS_VERSION_STRING) + "\n"; }, nullptr);
    add(
        "list",
        [this](Element*) {
            std::string s = std::to_string(elements_.size()) + "\n";
            for (const auto& e : elements_) s += e->name() + "\n";
            return s;
        },
        nullptr);
    add(
        "classes",
        [](Element*) {
            std::string s;
            for (const auto* c : ElementRegistry::global().all()) s += c->name + "\n";
            return s;
        },
        nullptr);
    add(
        "config", [this](Element*) { return options_.config_text; }, nullptr);
    add(
        "flatconfig", [this](Element*) { return flat_config(); }, nullptr);
    add(
        "requirements",
        [this](Element*) {
            std::string s;
            for (const auto& r : graph_.requirements) s += (r.kind.empty() ? "" : r.kind + " ") + r.name + "\n";
            return s;
        },
        nullptr);
    add(
        "stop", nullptr,
        [this](const std::string&, Element*, ErrorHandler*) {
            please_stop();
            return 0;
        },
        HANDLER_BUTTON);
}

void Router::add_global_handler(Handler h) {
    for (auto& g : globals_)
        if (g.name == h.name) {
            g = std::move(h);
            return;
        }
    globals_.push_back(std::move(h));
}

std::string Router::flat_config() const {
    return lang::print_flat(graph_);
}

// Packets through a port. Only the side that moves packets counts them (the pushing
// output, the pulling input), so the other side adds up its peers' counts.
uint64_t Router::port_count(const Element* e, bool input, int port) const {
    bool counted_here = input ? e->input_is_pull(port) : e->output_is_push(port);
    if (counted_here) return input ? e->input(port).count() : e->output(port).count();
    uint64_t sum = 0;
    for (const auto& c : graph_.connections) {
        if (input && c.to == e->eindex() && c.to_port == port)
            sum += elements_[size_t(c.from)]->output(c.from_port).count();
        if (!input && c.from == e->eindex() && c.from_port == port)
            sum += elements_[size_t(c.to)]->input(c.to_port).count();
    }
    return sum;
}

const Handler* Router::handler(const Element* element, const std::string& name) const {
    const auto& list = element ? element->handlers() : globals_;
    for (const auto& h : list)
        if (h.name == name) return &h;
    return nullptr;
}

const Handler* Router::find_handler(const std::string& full, Element** element, std::string& why) const {
    size_t dot = full.rfind('.');
    *element = nullptr;
    if (dot == std::string::npos) {
        const Handler* h = handler(nullptr, full);
        if (!h) why = "no global handler '" + full + "'";
        return h;
    }
    std::string ename = full.substr(0, dot), hname = full.substr(dot + 1);
    Element* e = find(ename);
    if (!e) {
        why = "no element named '" + ename + "'";
        return nullptr;
    }
    *element = e;
    const Handler* h = handler(e, hname);
    if (!h) why = "element '" + ename + "' has no handler '" + hname + "'";
    return h;
}

bool Router::read(const std::string& full, std::string& out, std::string& error) {
    Element* e;
    const Handler* h = find_handler(full, &e, error);
    if (!h) return false;
    if (!h->readable()) {
        error = "handler '" + full + "' is not readable";
        return false;
    }
    out = h->read(e);
    return true;
}

bool Router::write(const std::string& full, const std::string& value, std::string& error) {
    Element* e;
    const Handler* h = find_handler(full, &e, error);
    if (!h) return false;
    if (!h->writable()) {
        error = "handler '" + full + "' is not writable";
        return false;
    }
    CollectingErrorHandler errh;
    std::string v = value;
    if (!(h->flags & HANDLER_RAW)) {
        size_t b = v.find_first_not_of(" \t\r\n"), end = v.find_last_not_of(" \t\r\n");
        v = b == std::string::npos ? std::string() : v.substr(b, end - b + 1);
    }
    int r;
    {
        AddressNameScope names(e);  // written addresses may use AddressInfo names too
        r = h->write(v, e, &errh);
    }
    if (r < 0 || errh.nerrors() > 0) {
        error = errh.str();
        while (!error.empty() && error.back() == '\n') error.pop_back();
        if (error.empty()) error = "write to '" + full + "' failed";
        return false;
    }
    return true;
}

bool Router::write_from(const Element* context, const std::string& handler, const std::string& value,
                        std::string& error) {
    std::string name = handler;
    size_t dot = name.rfind('.');
    if (dot != std::string::npos)
        if (Element* e = find(name.substr(0, dot), context)) name = e->name() + name.substr(dot);
    return write(name, value, error);
}

bool Router::call_from(const Element* context, const std::string& call, std::string& error) {
    static const char* blank = " \t\r\n";
    size_t b = call.find_first_not_of(blank);
    if (b == std::string::npos) {
        error = "empty handler call";
        return false;
    }
    size_t sp = call.find_first_of(blank, b);
    std::string handler = call.substr(b, sp == std::string::npos ? std::string::npos : sp - b), value;
    if (sp != std::string::npos) {
        size_t v = call.find_first_not_of(blank, sp);
        if (v != std::string::npos) value = call.substr(v);
    }
    return write_from(context, handler, value, error);
}

// ---------------------------------------------------------------- notifiers

NotifierSignal Router::upstream_empty_signal(Element* e, int input, Task* listener) {
    NotifierSignal sig;
    std::set<std::pair<Element*, int>> seen;
    std::function<void(Element*, int)> visit = [&](Element* x, int port) {
        if (!seen.insert({x, port}).second || sig.always_active()) return;
        const Port& p = x->input(port);
        Element* up = p.element();
        if (!up) return;
        if (auto* n = static_cast<ActiveNotifier*>(up->cast(ActiveNotifier::empty_name))) {
            sig.add(n);
            if (listener) n->add_listener(listener);
            return;
        }
        // Pass through elements whose pull output draws from their inputs.
        if (up->ninputs() == 0) {
            sig.set_always_active();
            return;
        }
        bool any = false;
        for (int k = 0; k < up->ninputs(); ++k)
            if (up->input_is_pull(k)) {
                any = true;
                visit(up, k);
            }
        if (!any) sig.set_always_active();
    };
    visit(e, input);
    if (sig.empty()) sig.set_always_active();
    return sig;
}

NotifierSignal Router::downstream_full_signal(Element* e, int output, Task* listener) {
    NotifierSignal sig;
    std::set<std::pair<Element*, int>> seen;
    std::function<void(Element*, int)> visit = [&](Element* x, int port) {
        if (!seen.insert({x, port}).second || sig.always_active()) return;
        Element* down = x->output(port).element();
        if (!down) return;
        if (auto* n = static_cast<ActiveNotifier*>(down->cast(ActiveNotifier::full_name))) {
            sig.add(n);
            if (listener) n->add_listener(listener);
            return;
        }
        if (down->noutputs() == 0) {
            sig.set_always_active();
            return;
        }
        bool any = false;
        for (int k = 0; k < down->noutputs(); ++k)
            if (down->output_is_push(k)) {
                any = true;
                visit(down, k);
            }
        if (!any) sig.set_always_active();
    };
    visit(e, output);
    if (sig.empty()) sig.set_always_active();
    return sig;
}

// ---------------------------------------------------------------- hot-swap

void Router::take_state_from(Router& old, ErrorHandler* errh) {
    for (auto& e : elements_) {
        auto it = old.by_name_.find(e->name());
        if (it == old.by_name_.end()) continue;
        Element* o = old.elements_[size_t(it->second)].get();
        if (std::strcmp(o->class_name(), e->class_name()) != 0) continue;
        ContextErrorHandler ctx(errh, e->location(), e->declaration());
        e->take_state(o, &ctx);
    }
}

// ---------------------------------------------------------------- scheduler

namespace {
constexpr uint64_t stride_one = uint64_t(1) << 24;
constexpr int max_idle_stops = 1000;
}  // namespace

void Router::schedule(Task* t) {
    if (t->scheduled_) return;
    t->scheduled_ = true;
    if (t == running_) return;  // the run loop puts it back with its next pass
    if (t->pass_ < global_pass_) t->pass_ = global_pass_;
    task_heap_push(t);
}

void Router::unschedule(Task* t) {
    if (!t->scheduled_) return;
    t->scheduled_ = false;
    if (t->heap_index_ >= 0) task_heap_remove(t);
}

void Router::task_heap_push(Task* t) {
    tasks_.push_back(t);
    size_t i = tasks_.size() - 1;
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (tasks_[parent]->pass_ <= t->pass_) break;
        tasks_[i] = tasks_[parent];
        tasks_[i]->heap_index_ = int(i);
        i = parent;
    }
    tasks_[i] = t;
    t->heap_index_ = int(i);
}

void Router::task_heap_remove(Task* t) {
    size_t i = size_t(t->heap_index_);
    Task* last = tasks_.back();
    tasks_.pop_back();
    t->heap_index_ = -1;
    if (i == tasks_.size()) return;
    // Put `last` at i and restore the heap both ways.
    tasks_[i] = last;
    last->heap_index_ = int(i);
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (tasks_[parent]->pass_ <= tasks_[i]->pass_) break;
        std::swap(tasks_[i], tasks_[parent]);
        tasks_[i]->heap_index_ = int(i);
        tasks_[parent]->heap_index_ = int(parent);
        i = parent;
    }
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < tasks_.size() && tasks_[l]->pass_ < tasks_[m]->pass_) m = l;
        if (r < tasks_.size() && tasks_[r]->pass_ < tasks_[m]->pass_) m = r;
        if (m == i) break;
        std::swap(tasks_[i], tasks_[m]);
        tasks_[i]->heap_index_ = int(i);
        tasks_[m]->heap_index_ = int(m);
        i = m;
    }
}

Task* Router::task_heap_pop() {
    if (tasks_.empty()) return nullptr;
    Task* t = tasks_[0];
    task_heap_remove(t);
    return t;
}

void Router::schedule(Timer* t) {
    timers_.push_back(t);
    t->heap_index_ = int(timers_.size() - 1);
    timer_heap_up(t->heap_index_);
}

void Router::unschedule(Timer* t) {
    int i = t->heap_index_;
    if (i < 0) return;
    Timer* last = timers_.back();
    timers_.pop_back();
    t->heap_index_ = -1;
    if (size_t(i) == timers_.size()) return;
    timers_[size_t(i)] = last;
    last->heap_index_ = i;
    timer_heap_up(i);
    timer_heap_down(last->heap_index_);
}

void Router::timer_heap_up(int i) {
    while (i > 0) {
        int parent = (i - 1) / 2;
        if (timers_[size_t(parent)]->expiry_ <= timers_[size_t(i)]->expiry_) break;
        std::swap(timers_[size_t(i)], timers_[size_t(parent)]);
        timers_[size_t(i)]->heap_index_ = i;
        timers_[size_t(parent)]->heap_index_ = parent;
        i = parent;
    }
}

void Router::timer_heap_down(int i) {
    int n = int(timers_.size());
    for (;;) {
        int l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && timers_[size_t(l)]->expiry_ < timers_[size_t(m)]->expiry_) m = l;
        if (r < n && timers_[size_t(r)]->expiry_ < timers_[size_t(m)]->expiry_) m = r;
        if (m == i) return;
        std::swap(timers_[size_t(i)], timers_[size_t(m)]);
        timers_[size_t(i)]->heap_index_ = i;
        timers_[size_t(m)]->heap_index_ = m;
        i = m;
    }
}

void Router::run_timers(int64_t now) {
    int fired = 0;
    // Bounded per round so that a timer rescheduling itself at `now` cannot starve tasks.
    while (!timers_.empty() && timers_[0]->expiry_.ns <= now && fired < 256 && !stopped_) {
        Timer* t = timers_[0];
        unschedule(t);
        t->fire();
        ++fired;
    }
}

void Router::add_select(int fd, int mask, Element* e) {
    if (mask == 0) {
        selects_.erase(fd);
        poller_.watch(fd, 0);
        return;
    }
    selects_[fd] = e;
    poller_.watch(fd, mask);
}

void Router::please_stop() {
    ++stop_requests_;
    if (!stop_managed_)
        stopped_ = true;
    else if (stop_listener_)
        stop_listener_->reschedule();
    poller_.wake();
}

bool Router::idle_forever() const {
    return tasks_.empty() && timers_.empty() && selects_.empty();
}

bool Router::run_for(int64_t max_ns) {
    int64_t deadline = max_ns < 0 ? -1 : platform::monotonic_ns() + max_ns;
    unsigned rounds = 0;
    while (!stopped_) {
        // Tasks in stride order; timers and descriptors are checked every 64 task runs.
        bool worked = false;
        for (int k = 0; k < 64 && !tasks_.empty() && !stopped_; ++k) {
            Task* t = task_heap_pop();
            t->scheduled_ = false;
            running_ = t;
            worked |= t->fire();
            running_ = nullptr;
            global_pass_ = t->pass_;
            if (t->scheduled_) {
                // Rescheduled while running: its next turn is one stride later.
                t->pass_ += stride_one / uint64_t(t->tickets_);
                task_heap_push(t);
            }
        }
        if (stopped_) break;
        int64_t now = platform::monotonic_ns();
        if (worked) last_work_ns_ = now;
        run_timers(now);
        if (stopped_) break;
        if (deadline >= 0 && now >= deadline) return false;
        int64_t timeout;
        if (!tasks_.empty()) {
            timeout = 0;
            if ((++rounds & 15) != 0 && selects_.empty()) continue;  // poll descriptors now and then
        } else if (!timers_.empty()) {
            idle_stops_ = 0;
            timeout = std::max<int64_t>(0, timers_[0]->expiry_.ns - now);
        } else if (!selects_.empty()) {
            timeout = -1;
        } else if (stop_managed_ && stop_listener_ && idle_stops_ < max_idle_stops) {
            // Out of work: the stop manager decides (its script may still have steps to
            // take). Bounded, so a script that ignores every stop cannot spin forever.
            ++idle_stops_;
            please_stop();
            continue;
        } else {
            // Nothing can happen until somebody outside (a handler write) schedules work:
            // return, without latching a stop, so a later run continues.
            return true;
        }
        if (deadline >= 0) {
            int64_t left = deadline - now;
            if (timeout < 0 || timeout > left) timeout = left;
        }
        if (timeout != 0 && now - last_work_ns_ < idle_poll_ns_) timeout = 0;
        if (timeout != 0) ++sleeps_;
        for (const auto& ev : poller_.wait(timeout)) {
            auto it = selects_.find(ev.fd);
            if (it != selects_.end()) it->second->selected(ev.fd, ev.mask);
        }
    }
    return true;
}

void Router::run() {
    run_for(-1);
}

}  // namespace clickos
