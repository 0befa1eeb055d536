#include "ftpportmapper.hh"

#include <cctype>

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/router.hh"
#include "input_spec.hh"
#include "ip_view.hh"
#include "iprewriterpatterns.hh"
#include "lang/config_args.hh"
#include "rewriter_base.hh"
#include "tcprewriter.hh"

namespace clickos {

using nat::FlowKey;

namespace {

// The i-th positional argument (for error locations).
const Args::Arg* positional(const Args& args, size_t i, const char* keyword) {
    size_t n = 0;
    for (const auto& a : args.args()) {
        if (a.keyword == keyword) return &a;
        if (a.keyword.empty() && n++ == i) return &a;
    }
    return nullptr;
}

// A PORT command at the start of `text`: "PORT h1,h2,h3,h4,p1,p2" and its line end.
struct PortCommand {
    uint32_t addr = 0;  // network order
    uint16_t port = 0;  // host order
    size_t length = 0;  // through the line end
    bool crlf = true;
};

bool parse_port_command(const uint8_t* text, size_t n, PortCommand& cmd) {
    static constexpr char keyword[] = "PORT";
    size_t i = 0;
    for (; i < 4; ++i)
        if (i >= n || std::toupper(text[i]) != keyword[i]) return false;
    if (i >= n || text[i] != ' ') return false;
    while (i < n && text[i] == ' ') ++i;
    unsigned fields[6];
    for (int f = 0; f < 6; ++f) {
        if (f > 0) {
            if (i >= n || text[i] != ',') return false;
            ++i;
        }
        unsigned v = 0, digits = 0;
        for (; i < n && std::isdigit(text[i]) && digits < 4; ++i, ++digits) v = v * 10 + unsigned(text[i] - '0');
        if (digits == 0 || digits > 3 || v > 255) return false;
        fields[f] = v;
    }
    while (i < n && text[i] == ' ') ++i;
    if (i < n && text[i] == '\r') {
        ++i;
    } else {
        cmd.crlf = false;
    }
    if (i >= n || text[i] != '\n') return false;
    cmd.addr = htonl(fields[0] << 24 | fields[1] << 16 | fields[2] << 8 | fields[3]);
    cmd.port = uint16_t(fields[4] << 8 | fields[5]);
    cmd.length = i + 1;
    return true;
}

}  // namespace

int FTPPortMapper::configure(Args& args) {
    Word control, data;
    std::string pattern;
    if (args.read_mp("CONTROL_REWRITER", control)
            .read_mp("DATA_REWRITER", data)
            .read_mp("PATTERN", pattern)
            .complete() < 0)
        return -1;
    int errors = 0;
    Element* c = router()->find(control.text, this);
    control_ = c ? static_cast<TCPRewriter*>(c->cast("TCPRewriter")) : nullptr;
    if (!control_)
        errors +=
            args.error_at(*positional(args, 0, "CONTROL_REWRITER"),
                          c ? "CONTROL_REWRITER: '" + control.text + "' is not a TCPRewriter (" + c->class_name() + ")"
                            : "CONTROL_REWRITER: no element named '" + control.text + "'");
    Element* d = router()->find(data.text, this);
    data_ = d ? static_cast<nat::RewriterBase*>(d->cast("IPRewriterBase")) : nullptr;
    if (!data_ || !data_->rewrites(IP_PROTO_TCP)) {
        data_ = nullptr;
        errors += args.error_at(
            *positional(args, 1, "DATA_REWRITER"),
            d ? "DATA_REWRITER: '" + data.text + "' does not rewrite TCP connections (" + d->class_name() + ")"
              : "DATA_REWRITER: no element named '" + data.text + "'");
    }
    if (errors < 0) return -1;
    nat::SpecContext context{
        data_->noutputs(), nat::RewritePattern::Kind::ports,
        [this](const std::string& name) -> std::shared_ptr<nat::RewritePattern> {
            for (int i = 0; i < router()->nelements(); ++i)
                if (auto* pats = static_cast<IPRewriterPatterns*>(router()->element(i)->cast("IPRewriterPatterns")))
                    if (auto p = pats->find(name)) return p;
            return nullptr;
        },
        nullptr};
    nat::InputSpec spec;
    std::string why;
    if (!nat::parse_pattern_spec(lang::split_words(pattern), context, spec, why))
        return args.error_at(*positional(args, 2, "PATTERN"), "PATTERN: " + why);
    pattern_ = spec.pattern;
    foutput_ = spec.foutput;
    routput_ = spec.routput;
    return 0;
}

void FTPPortMapper::add_handlers() {
    add_read_handler("mapped", [this](Element*) { return std::to_string(mapped_) + "\n"; });
}

Packet* FTPPortMapper::action(Packet* p) {
    nat::IPView v;
    if (!read_ip(p, v) || v.proto != IP_PROTO_TCP || !v.first_fragment || v.length < v.hl + sizeof(click_tcp)) return p;
    const uint8_t* ip = p->data() + v.offset;
    const uint8_t* tcp = ip + v.hl;
    const unsigned thl = unsigned(tcp[12] >> 4) << 2;
    if (thl < sizeof(click_tcp) || v.hl + thl > v.length) return p;
    const size_t payload_offset = v.offset + v.hl + thl;
    PortCommand cmd;
    if (!parse_port_command(p->data() + payload_offset, v.length - v.hl - thl, cmd)) return p;

    FlowKey ctl;
    std::memcpy(&ctl.saddr, ip + 12, 4);
    std::memcpy(&ctl.daddr, ip + 16, 4);
    std::memcpy(&ctl.sport, tcp, 2);
    std::memcpy(&ctl.dport, tcp + 2, 2);
    uint32_t seq;
    std::memcpy(&seq, tcp + 4, 4);
    seq = ntohl(seq);
    // The server opens the data connection from the port below its control port.
    const FlowKey data{cmd.addr, ctl.daddr, htons(cmd.port), htons(uint16_t(ntohs(ctl.dport) - 1))};
    nat::Flow* f = data_->install(IP_PROTO_TCP, data, *pattern_, foutput_, routput_);
    if (!f) return p;
    ++mapped_;

    const uint32_t a = ntohl(f->mapped.saddr);
    const uint16_t port = ntohs(f->mapped.sport);
    std::string text(reinterpret_cast<const char*>(p->data() + payload_offset), 4);  // the keyword as sent
    text += " " + std::to_string(a >> 24) + "," + std::to_string(a >> 16 & 255) + "," + std::to_string(a >> 8 & 255) +
            "," + std::to_string(a & 255) + "," + std::to_string(port >> 8) + "," + std::to_string(port & 255) +
            (cmd.crlf ? "\r\n" : "\n");
    const int32_t delta = int32_t(text.size()) - int32_t(cmd.length);
    if (delta == 0 && std::memcmp(p->data() + payload_offset, text.data(), text.size()) == 0) return p;

    if (p->shared() && !(p = p->uniqueify())) return nullptr;
    const uint32_t old_length = p->length();
    const size_t tail = payload_offset + cmd.length;
    if (delta > 0 && !(p = p->put(uint32_t(delta)))) return nullptr;
    uint8_t* d = p->mutable_data();
    std::memmove(d + payload_offset + text.size(), d + tail, old_length - tail);
    std::memcpy(d + payload_offset, text.data(), text.size());
    if (delta < 0) p->take(uint32_t(-delta));
    uint8_t* wip = d + v.offset;
    p->set_network_header(wip, v.hl);

    uint16_t old_len, new_len;
    std::memcpy(&old_len, wip + 2, 2);
    new_len = htons(uint16_t(ntohs(old_len) + delta));
    std::memcpy(wip + 2, &new_len, 2);
    nat::adjust_sum(wip + 10, nat::csum_delta16(0, old_len, new_len));
    // The payload changed: the TCP checksum is computed afresh.
    const size_t tcp_length = v.length - v.hl + size_t(delta);
    uint8_t* wtcp = wip + v.hl;
    std::memset(wtcp + 16, 0, 2);
    uint16_t sum = uint16_t(~checksum_partial(
        wtcp, tcp_length, pseudo_header_sum(ctl.saddr, ctl.daddr, IP_PROTO_TCP, uint16_t(tcp_length))));
    std::memcpy(wtcp + 16, &sum, 2);
    if (delta != 0) control_->shift_sequence(ctl, seq, delta);
    return p;
}

CLICKOS_ELEMENT(FTPPortMapper);

}  // namespace clickos
