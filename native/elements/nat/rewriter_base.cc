#include "rewriter_base.hh"

#include <algorithm>
#include <cstring>

#include "clickos/args.hh"
#include "clickos/ip.hh"
#include "clickos/router.hh"
#include "clickos/timestamp.hh"
#include "iprewriterpatterns.hh"
#include "lang/config_args.hh"

namespace clickos::nat {

namespace {

constexpr int max_bins = 8;  // outputs sorted into sub-batches on the stack; more go one by one

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
    return parse_input_spec(text, noutputs(), lookup, out, why);
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

Flow* RewriterBase::create(int port, uint8_t proto, const FlowKey& key, int64_t now) {
    InputSpec& s = specs_[size_t(port)];
    FlowKey mapped = key;
    if (s.kind == InputSpec::Kind::pattern &&
        !s.pattern->rewrite(
            key, mapped, [&](const FlowKey& reply) { return table_.contains(proto, reply); },
            [this] { return random(); })) {
        ++s.failures;  // no free source port
        return nullptr;
    }
    uint8_t state = proto == IP_PROTO_TCP && protocols_.track_tcp ? flow_state::tcp_tracked : 0;
    Flow* f = table_.insert(proto, key, mapped, uint16_t(s.foutput), uint16_t(s.routput), uint16_t(port), state, now);
    if (!f) ++s.failures;  // table full of guaranteed mappings
    return f;
}

// Reads the flow identifier of an IPv4 TCP/UDP packet this rewriter handles: a valid
// header, first fragment, and the whole TCP header or UDP header present.
inline bool RewriterBase::flow_key(const Packet* p, uint8_t& proto, unsigned& hl, FlowKey& key) const {
    const uint8_t* data = p->data();
    const uint8_t* ip = p->network_header();
    if (__builtin_expect(!ip || ip < data || ip + 28 > data + p->length(), 0)) return false;
    const size_t avail = size_t(data + p->length() - ip);
    hl = unsigned(ip[0] & 15) << 2;
    proto = ip[9];
    uint16_t frag;
    std::memcpy(&frag, ip + 6, 2);
    if (__builtin_expect((ip[0] >> 4) != 4 || hl < 20 || (frag & htons(IP_OFFMASK)) != 0, 0)) return false;
    if (proto == IP_PROTO_UDP) {
        if (__builtin_expect(!protocols_.udp || avail < hl + sizeof(click_udp), 0)) return false;
    } else if (proto == IP_PROTO_TCP) {
        if (!protocols_.tcp || avail < hl + sizeof(click_tcp)) return false;
    } else {
        return false;
    }
    std::memcpy(&key.saddr, ip + 12, 4);
    std::memcpy(&key.daddr, ip + 16, 4);
    std::memcpy(&key.sport, ip + hl, 2);
    std::memcpy(&key.dport, ip + hl + 2, 2);
    return true;
}

// The per-packet work: look up (or create) the mapping, rewrite in place with incremental
// checksum updates. Returns the output, or -1 if the packet was consumed.
inline int RewriterBase::process(int port, Packet*& p, int64_t now) {
    uint8_t proto;
    unsigned hl;
    FlowKey key;
    if (__builtin_expect(!flow_key(p, proto, hl, key), 0)) return unrewritable(port, p);
    FlowTable::Hit hit = table_.lookup(proto, key);
    if (__builtin_expect(!hit.flow, 0)) {
        const InputSpec& s = specs_[size_t(port)];
        if (s.kind == InputSpec::Kind::pass) return s.foutput;
        if (s.kind == InputSpec::Kind::drop || !(hit.flow = create(port, proto, key, now))) {
            p->kill();
            return -1;
        }
    }
    Flow& f = *hit.flow;
    const int dir = hit.dir;

    const size_t offset = size_t(p->network_header() - p->data());
    if (__builtin_expect(p->shared(), 0) && !(p = p->uniqueify())) return -1;
    uint8_t* iph = p->mutable_data() + offset;
    uint8_t* l4 = iph + hl;
    const FlowKey to = f.target(dir);
    std::memcpy(iph + 12, &to.saddr, 4);
    std::memcpy(iph + 16, &to.daddr, 4);
    std::memcpy(l4, &to.sport, 2);
    std::memcpy(l4 + 2, &to.dport, 2);
    if (uint16_t d = delta_for(f.ip_delta, dir)) {
        uint16_t sum;
        std::memcpy(&sum, iph + 10, 2);
        sum = csum_apply(sum, d);
        std::memcpy(iph + 10, &sum, 2);
    }
    if (uint16_t d = delta_for(f.l4_delta, dir)) {
        uint8_t* field = l4 + (proto == IP_PROTO_TCP ? 16 : 6);
        uint16_t sum;
        std::memcpy(&sum, field, 2);
        if (proto == IP_PROTO_TCP) {
            sum = csum_apply(sum, d);
        } else if (sum != 0) {  // UDP: 0 means "no checksum" and stays so
            sum = csum_apply(sum, d);
            if (sum == 0) sum = 0xffff;
        }
        std::memcpy(field, &sum, 2);
    }
    if (dst_anno_) p->set_dst_ip_anno(to.daddr);

    f.last_used = now;
    const uint8_t old = f.state;
    uint8_t st = old;
    if (st & flow_state::tcp_tracked) {
        const uint8_t flags = l4[13];
        if (flags & TH_RST)
            st |= flow_state::both_done;
        else if (flags & TH_FIN)
            st |= dir ? flow_state::reply_done : flow_state::forward_done;
        uint16_t ip_len;
        std::memcpy(&ip_len, iph + 2, 2);
        if (ntohs(ip_len) > hl + (unsigned(l4[12] >> 4) << 2))
            st |= dir ? flow_state::reply_data : flow_state::forward_data;
    } else if ((st & flow_state::streaming) != flow_state::streaming) {
        if (dir) st |= flow_state::reply_seen;
        if ((st & flow_state::packet_count) < 3) ++st;
    }
    if (__builtin_expect(st != old, 0)) {
        f.state = st;
        table_.state_changed(&f, old);
    }
    return f.output[dir];
}

void RewriterBase::push(int port, Packet* p) {
    int out = process(port, p, now());
    if (out >= 0) checked_output_push(out, p);
}

void RewriterBase::push_batch(int port, PacketBatch& batch) {
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
