#include "rewriter_base.hh"

#include <algorithm>
#include <cstring>

#include "clickos/args.hh"
#include "clickos/ip.hh"
#include "clickos/router.hh"
#include "clickos/timestamp.hh"
#include "iprewriterpatterns.hh"
#include "lang/config_args.hh"
#include "rewriter_path.hh"

namespace clickos::nat {

namespace {

const Args::Arg* find_keyword(const Args& args, const char* keyword) {
    const Args::Arg* found = nullptr;
    for (const auto& a : args.args())
        if (a.keyword == keyword) found = &a;
    return found;
}

}  // namespace

// ---------------------------------------------------------------- configuration

bool RewriterBase::parse_spec(const std::string& text, InputSpec& out, std::string& why) const {
    PatternLookup lookup = [this](const std::string& name) -> std::shared_ptr<RewritePattern> {
        for (int i = 0; i < router()->nelements(); ++i)
            if (auto* pats = static_cast<IPRewriterPatterns*>(router()->element(i)->cast("IPRewriterPatterns")))
                if (auto p = pats->find(name)) return p;
        return nullptr;
    };
    MapperLookup mappers = [this](const std::string& name) -> IPMapper* {
        Element* e = router()->find(name, this);
        return e ? static_cast<IPMapper*>(e->cast("IPMapper")) : nullptr;
    };
    return parse_input_spec(text, {noutputs(), pattern_kind_, lookup, mappers}, out, why) && spec_fits(out, why);
}

int RewriterBase::configure_rewriter(Args& args) {
    RawArg capacity;
    Seconds reap{Timestamp::from_sec(900)};
    std::vector<std::string> rest;  // the specs; read below from args() to keep their locations
    args.read("MAPPING_CAPACITY", capacity)
        .read("CAPACITY", capacity)
        .read("REAP_INTERVAL", reap)
        .read("REAP_TIME", reap)
        .read("DST_ANNO", dst_anno_)
        .read_rest(rest);
    if (args.complete() < 0) return -1;
    // REAP_INTERVAL 0 turns reaping off; below a millisecond the timer would only spin.
    reap_interval_ = reap.value.ns > 0 ? std::max<int64_t>(reap.value.ns, 1'000'000) : 0;

    int errors = 0;
    const Args::Arg* cap = find_keyword(args, "MAPPING_CAPACITY");
    if (!cap) cap = find_keyword(args, "CAPACITY");
    if (cap) {
        uint32_t c;
        std::string why;
        if (parse_value(capacity.text, c, why) && c >= 1 && c <= FlowTable::max_capacity) {
            capacity_ = c;
            reservation_ = std::min<uint32_t>(50, c / 8);
        } else if (router()->find(capacity.text, this)) {
            errors += args.error_at(*cap, cap->keyword + ": sharing another element's capacity is not supported");
        } else {
            errors += args.error_at(*cap, cap->keyword + ": expected a number of mappings (1 to 2147483647)");
        }
    }

    std::vector<const Args::Arg*> spec_args;
    for (const auto& a : args.args())
        if (a.keyword.empty()) spec_args.push_back(&a);
    for (size_t i = 0; i < spec_args.size(); ++i) {
        const Args::Arg& a = *spec_args[i];
        std::string kw, value;
        if (lang::split_keyword(a.value, kw, value)) {
            errors += args.error_at(a, "unknown keyword '" + kw + "'");
            continue;
        }
        InputSpec spec;
        std::string why;
        if (parse_spec(a.value, spec, why))
            specs_.push_back(std::move(spec));
        else
            errors += args.error_at(a, "input spec " + std::to_string(i) + ": " + why);
    }
    if (errors < 0) return -1;
    if (int(spec_args.size()) != ninputs())
        return args.error("expected " + std::to_string(ninputs()) + (ninputs() == 1 ? " input spec" : " input specs") +
                          " (one per input port), found " + std::to_string(spec_args.size()));
    return 0;
}

int RewriterBase::configure_idle_rewriter(Args& args) {
    Seconds timeout{Timestamp::from_sec(300)}, guarantee{Timestamp::from_sec(5)};
    args.read("TIMEOUT", timeout).read("GUARANTEE", guarantee);
    if (configure_rewriter(args) < 0) return -1;
    timeouts_.udp = timeouts_.udp_streaming = timeout.value.ns;
    timeouts_.udp_guarantee = guarantee.value.ns;
    return 0;
}

int RewriterBase::initialize(ErrorHandler*) {
    rng_ = uint64_t(Timestamp::now_steady().ns) * 0x9e3779b97f4a7c15ull + uint64_t(eindex()) + 1;
    table_.configure(timeouts_, capacity_, ninputs(), now());
    reap_timer_.initialize(this);
    if (reap_interval_ > 0) reap_timer_.schedule_after(Timestamp{reap_interval_});
    return 0;
}

void RewriterBase::run_timer(Timer*) {
    table_.reap(now());
    if (reap_interval_ > 0) reap_timer_.reschedule_after(Timestamp{reap_interval_});
}

void RewriterBase::take_state(Element* old, ErrorHandler*) {
    auto* o = static_cast<RewriterBase*>(old);
    table_.adopt(o->table_, now());
    // Mappings whose outputs this configuration lacks cannot be honoured.
    const int nout = noutputs();
    table_.retain([nout](const Flow& f) { return f.output[0] < nout && f.output[1] < nout; });
}

void* RewriterBase::cast(const char* name) {
    if (std::strcmp(name, "IPRewriterBase") == 0) return this;
    return Element::cast(name);
}

void RewriterBase::set_clock_for_testing(int64_t ns) {
    bool first = test_clock_ == 0;
    test_clock_ = ns;
    if (first) table_.configure(timeouts_, capacity_, ninputs(), ns);
}

int64_t RewriterBase::now() const {
    return test_clock_ ? test_clock_ : Timestamp::now_steady().ns;
}

uint64_t RewriterBase::random() {
    // xorshift64*: port choice only needs to be unpredictable enough to spread ports.
    rng_ ^= rng_ >> 12;
    rng_ ^= rng_ << 25;
    rng_ ^= rng_ >> 27;
    return rng_ * 0x2545f4914f6cdd1dull;
}

uint64_t RewriterBase::mapping_failures() const {
    uint64_t n = 0;
    for (const auto& s : specs_) n += s.failures;
    return n;
}

// ---------------------------------------------------------------- packets

// Packets that cannot be looked up (not IPv4, not TCP/UDP, later fragments, truncated
// headers) leave through a `pass` input's output and are dropped on other inputs.
int RewriterBase::unrewritable(int port, Packet* p) {
    const InputSpec& s = specs_[size_t(port)];
    if (s.kind == InputSpec::Kind::pass) return s.foutput;
    p->kill();
    return -1;
}

namespace {

// What a mapper sees of the rewriter asking it.
class Context final : public MappingContext {
  public:
    Context(const FlowTable& table, uint8_t proto, uint64_t (*random)(void*), void* rw)
        : table_(table), proto_(proto), random_(random), rw_(rw) {}
    bool taken(const FlowKey& reply) const override { return table_.contains(proto_, reply); }
    uint64_t random() override { return random_(rw_); }

  private:
    const FlowTable& table_;
    uint8_t proto_;
    uint64_t (*random_)(void*);
    void* rw_;
};

}  // namespace

Flow* RewriterBase::create(int port, uint8_t proto, const FlowKey& key, int64_t now) {
    InputSpec& s = specs_[size_t(port)];
    FlowKey mapped = key;
    int foutput = s.foutput, routput = s.routput;
    bool ok = true;
    if (s.kind == InputSpec::Kind::pattern) {
        ok = s.pattern->rewrite(
            key, mapped, [&](const FlowKey& reply) { return table_.contains(proto, reply); },
            [this] { return random(); });
    } else if (s.kind == InputSpec::Kind::mapper) {
        Context context(
            table_, proto, [](void* rw) { return static_cast<RewriterBase*>(rw)->random(); }, this);
        ok = s.mapper->map(key, context, mapped, foutput, routput);
    }
    if (!ok) {
        ++s.failures;  // no free source port or address
        return nullptr;
    }
    uint8_t state = proto == IP_PROTO_TCP && protocols_.track_tcp ? flow_state::tcp_tracked : 0;
    Flow* f = table_.insert(proto, key, mapped, uint16_t(foutput), uint16_t(routput), uint16_t(port), state, now);
    if (!f) ++s.failures;  // table full of guaranteed mappings
    return f;
}

int RewriterBase::miss(int port, Packet* p, uint8_t proto, const FlowKey& key, int64_t now, Flow*& f) {
    const InputSpec& s = specs_[size_t(port)];
    if (s.kind == InputSpec::Kind::pass) return s.foutput;
    if (s.kind == InputSpec::Kind::drop || !(f = create(port, proto, key, now))) {
        p->kill();
        return -1;
    }
    return 0;
}

bool RewriterBase::unrewrite(uint8_t proto, uint8_t, const FlowKey& quoted, FlowKey& original) const {
    if (!rewrites(proto)) return false;
    // The quoted packet left as one direction's target; its reply is the other direction's key.
    FlowTable::Hit hit = table_.lookup(proto, quoted.reversed());
    if (!hit.flow) return false;
    original = hit.flow->target(hit.dir).reversed();
    return true;
}

Flow* RewriterBase::install(uint8_t proto, const FlowKey& key, RewritePattern& pattern, int foutput, int routput) {
    const int64_t t = now();
    if (FlowTable::Hit hit = table_.lookup(proto, key); hit.flow && hit.dir == 0) return hit.flow;
    FlowKey mapped;
    if (!pattern.rewrite(
            key, mapped, [&](const FlowKey& reply) { return table_.contains(proto, reply); },
            [this] { return random(); }))
        return nullptr;
    uint8_t state = proto == IP_PROTO_TCP && protocols_.track_tcp ? flow_state::tcp_tracked : 0;
    return table_.insert(proto, key, mapped, uint16_t(foutput), uint16_t(routput), 0, state, t);
}

void RewriterBase::push(int port, Packet* p) {
    int out = process(port, p, now(), no_hook);
    if (out >= 0) checked_output_push(out, p);
}

void RewriterBase::push_batch(int port, PacketBatch& batch) {
    dispatch(port, batch, [this](int in, Packet*& p, int64_t t) { return process(in, p, t, no_hook); });
}

}  // namespace clickos::nat
