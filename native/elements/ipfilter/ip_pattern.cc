#include "ip_pattern.hh"

#include <arpa/inet.h>

#include <cstdint>
#include <vector>

#include "clickos/addresses.hh"
#include "clickos/args.hh"
#include "ip_directives.hh"
#include "ip_names.hh"
#include "ip_pattern_lexer.hh"
#include "ip_primitive.hh"

namespace clickos::ipfilter {

namespace {

using Id = ExprBuilder::Id;

// Largest POS in ip[POS:LEN] and friends.
constexpr uint32_t max_field_offset = 65535;

enum class Qual { None, Ip, Transp, Proto };

class Parser {
  public:
    Parser(const std::vector<Token>& tokens, ExprBuilder& b) : t_(tokens), b_(b) {}

    bool parse(Id& out, PatternError& error) {
        bool ok = expr(out) && at_end();
        if (!ok) error = err_;
        return ok;
    }

  private:
    const Token& cur() const { return t_[i_]; }
    const Token& ahead(size_t k) const { return t_[i_ + k < t_.size() ? i_ + k : t_.size() - 1]; }
    const Token& previous() const { return t_[i_ > 0 ? i_ - 1 : 0]; }
    void next() {
        if (i_ + 1 < t_.size()) ++i_;
    }
    bool fail(size_t pos, std::string message) {
        err_ = {std::move(message), pos};
        return false;
    }
    static std::string quoted(const Token& t) {
        return t.kind == Tok::End ? std::string("the end of the pattern") : "'" + std::string(t.text) + "'";
    }
    static std::string str(std::string_view s) { return std::string(s); }
    bool enter(size_t pos) {
        if (++depth_ > max_pattern_depth) return fail(pos, "pattern nested too deeply");
        return true;
    }

    bool at_end() {
        if (cur().kind == Tok::End) return true;
        if (cur().kind == Tok::RParen) return fail(cur().pos, "unmatched ')'");
        return fail(cur().pos, "unexpected " + quoted(cur()));
    }

    // ---- connectives ----

    bool expr(Id& out) {
        Id cond;
        if (!orexpr(cond)) return false;
        if (cur().kind != Tok::Question) {
            out = cond;
            return true;
        }
        if (!enter(cur().pos)) return false;
        next();
        Id yes, no;
        if (!expr(yes)) return false;
        if (cur().kind != Tok::Colon) return fail(cur().pos, "expected ':' of '?:', found " + quoted(cur()));
        next();
        if (!expr(no)) return false;
        --depth_;
        out = b_.any_of({b_.all_of({cond, yes}), b_.all_of({b_.negate(cond), no})});
        return true;
    }

    bool orexpr(Id& out) {
        std::vector<Id> kids;
        Id x;
        if (!term(x)) return false;
        kids.push_back(x);
        while (cur().kind == Tok::Or) {
            next();
            if (!term(x)) return false;
            kids.push_back(x);
        }
        out = b_.any_of(std::move(kids));
        return true;
    }

    static bool starts_factor(Tok k) { return k == Tok::Word || k == Tok::Not || k == Tok::LParen || k == Tok::Op; }

    bool term(Id& out) {
        std::vector<Id> kids;
        Id x;
        if (!factor(x)) return false;
        kids.push_back(x);
        for (;;) {
            if (cur().kind == Tok::And)
                next();
            else if (!starts_factor(cur().kind))
                break;
            if (!factor(x)) return false;
            kids.push_back(x);
        }
        out = b_.all_of(std::move(kids));
        return true;
    }

    bool factor(Id& out) {
        const Token& t = cur();
        if (t.kind == Tok::Not) {
            if (!enter(t.pos)) return false;
            next();
            Id x;
            if (!factor(x)) return false;
            --depth_;
            out = b_.negate(x);
            return true;
        }
        if (t.kind == Tok::LParen) {
            if (!enter(t.pos)) return false;
            next();
            Id x;
            if (!expr(x)) return false;
            if (cur().kind == Tok::End) return fail(t.pos, "unmatched '('");
            if (cur().kind != Tok::RParen) return fail(cur().pos, "expected ')', found " + quoted(cur()));
            next();
            --depth_;
            out = x;
            return true;
        }
        return primitive(out);
    }

    // ---- primitives ----

    static bool is_dir(const Token& t) { return t.kind == Tok::Word && (t.text == "src" || t.text == "dst"); }

    bool primitive(Id& out) {
        const Token& first = cur();
        if (first.kind == Tok::End) return fail(first.pos, "missing primitive at the end of the pattern");
        if (first.kind == Tok::Amp) return fail(first.pos, "'&' must follow a directive (for example 'ip tos & 3')");
        if (first.kind != Tok::Word && first.kind != Tok::Op)
            return fail(first.pos, "expected a primitive, found " + quoted(first));
        if (first.text == "true" || first.text == "any" || first.text == "all") {
            next();
            out = b_.always();
            return true;
        }
        if (first.text == "false") {
            next();
            out = b_.never();
            return true;
        }
        if (first.text == "ether")
            return fail(first.pos,
                        "'ether' primitives are not supported (packets are matched from their IP header on)");

        // [src | dst | src or dst | src and dst]
        Dir dir = Dir::None;
        const Token* dir_tok = nullptr;
        if (is_dir(cur())) {
            dir_tok = &cur();
            dir = cur().text == "src" ? Dir::Src : Dir::Dst;
            next();
            if ((cur().kind == Tok::Or || cur().kind == Tok::And) && is_dir(ahead(1)) &&
                ahead(1).text != dir_tok->text) {
                dir = cur().kind == Tok::Or ? Dir::SrcOrDst : Dir::SrcAndDst;
                next();
                next();
            }
        }

        // [PROTO | ip | transp]: only when a directive or [POS:LEN] follows.
        Qual qual = Qual::None;
        uint32_t qproto = 0;
        const Token* qual_tok = nullptr;
        if (cur().kind == Tok::Word) {
            std::string_view w = cur().text;
            const Token& nx = ahead(1);
            bool bracket = nx.kind == Tok::LBracket;
            uint32_t pv;
            if (w == "ip") {
                if (!bracket && !(nx.kind == Tok::Word && is_ip_keyword(nx.text)))
                    return fail(cur().pos,
                                "'ip' must be followed by a field (proto, vers, hl, id, tos, dscp, ttl, len, frag, "
                                "unfrag, ect, ce) or [POS:LEN]");
                qual = Qual::Ip;
            } else if (w == "transp") {
                if (!bracket) return fail(cur().pos, "'transp' must be followed by [POS:LEN]");
                qual = Qual::Transp;
            } else if (lookup_name(protocol_names(), w, pv) &&
                       (bracket || (nx.kind == Tok::Word && is_transport_keyword(nx.text)))) {
                qual = Qual::Proto;
                qproto = pv;
            }
            if (qual != Qual::None) {
                qual_tok = &cur();
                next();
            }
        }

        // DIRECTIVE or [POS:LEN]
        Directive d;
        bool typed = false;
        if (qual != Qual::None && cur().kind == Tok::LBracket) {
            if (!bracket_field(qual, qproto, *qual_tok, d)) return false;
            typed = true;
        } else if (cur().kind == Tok::Word && keyword_directive(cur().text, d)) {
            if (!apply_qualifier(qual, qproto, qual_tok, cur(), d)) return false;
            typed = true;
            next();
        }
        if (typed && dir_tok && d.prim.kind != Kind::Address && d.prim.kind != Kind::Port)
            return fail(dir_tok->pos, "'" + str(dir_tok->text) + "' applies only to host, net and port");
        if (typed && is_flag_kind(d.prim.kind)) {
            if (cur().kind == Tok::Amp || cur().kind == Tok::Op)
                return fail(cur().pos, "'" + d.name + "' takes no mask, operator or value");
            return finish(d, out);
        }

        // [& MASK]
        bool has_mask = false;
        uint32_t mask = 0;
        if (cur().kind == Tok::Amp) {
            if (!typed) return fail(cur().pos, "'&' must follow a directive (for example 'ip tos & 3')");
            if (d.prim.kind == Kind::TcpFlag) return fail(cur().pos, "'tcp opt' takes no mask or operator");
            next();
            if (!parse_mask(d, mask)) return false;
            has_mask = true;
        }

        // [OP]
        Op op = Op::Eq;
        const Token* op_tok = nullptr;
        if (cur().kind == Tok::Op) {
            if (typed && d.prim.kind == Kind::TcpFlag) return fail(cur().pos, "'tcp opt' takes no mask or operator");
            op_tok = &cur();
            std::string_view o = cur().text;
            op = o == "!="   ? Op::Ne
                 : o == "<"  ? Op::Lt
                 : o == ">"  ? Op::Gt
                 : o == "<=" ? Op::Le
                 : o == ">=" ? Op::Ge
                             : Op::Eq;
            next();
        }

        // "& MASK" without a value means "& MASK != 0".
        if (has_mask && !op_tok && cur().kind != Tok::Word) {
            d.prim.has_mask = true;
            d.prim.mask = mask;
            d.prim.op = Op::Ne;
            d.prim.value = 0;
            return finish(d, out);
        }

        // VALUE
        if (cur().kind != Tok::Word) return fail(cur().pos, "missing value after '" + str(previous().text) + "'");
        if (!typed) {
            if (!resolve(cur(), dir_tok, d)) return false;
            if (op_tok && (d.prim.kind == Kind::TcpFlag || is_flag_kind(d.prim.kind)))
                return fail(op_tok->pos, "'" + d.name + "' takes no operator");
        }
        if (dir_tok) d.prim.dir = dir;
        d.prim.op = op;
        d.prim.has_mask = has_mask;
        d.prim.mask = mask;
        if (!parse_value(d, op_tok)) return false;
        return finish(d, out);
    }

    bool finish(const Directive& d, Id& out) {
        prev_ = d;
        have_prev_ = true;
        out = lower(d.prim, b_);
        return true;
    }

    bool bracket_field(Qual qual, uint32_t qproto, const Token& qual_tok, Directive& d) {
        next();  // [
        uint32_t pos = 0, len = 1;
        if (cur().kind != Tok::Word || parse_number(cur().text, pos) != 1 || pos > max_field_offset)
            return fail(cur().pos, "expected a byte offset (0-65535) after '['");
        next();
        if (cur().kind == Tok::Colon) {
            next();
            if (cur().kind != Tok::Word || parse_number(cur().text, len) != 1 || len < 1 || len > 4)
                return fail(cur().pos, "expected a field length of 1, 2, 3 or 4 bytes after ':'");
            next();
        }
        if (cur().kind != Tok::RBracket) return fail(cur().pos, "expected ']', found " + quoted(cur()));
        next();
        Field f = qual == Qual::Ip
                      ? ip_field(pos, uint8_t(len))
                      : transport_field(pos, uint8_t(len), qual == Qual::Transp ? Guard::FirstFrag : Guard::Proto,
                                        uint8_t(qproto));
        d = field_directive(f, str(qual_tok.text) + "[" + std::to_string(pos) + ":" + std::to_string(len) + "]");
        return true;
    }

    // Checks that the qualifier fits the directive `kw` names and applies it.
    bool apply_qualifier(Qual qual, uint32_t qproto, const Token* qual_tok, const Token& kw, Directive& d) {
        auto mismatch = [&]() {
            return fail(qual_tok->pos, "'" + str(qual_tok->text) + "' does not go with '" + str(kw.text) + "'");
        };
        if (d.prim.kind == Kind::Port) {
            if (qual == Qual::None) return true;
            if (qual != Qual::Proto || (qproto != proto_tcp && qproto != proto_udp && qproto != proto_sctp))
                return mismatch();
            d = port_directive(Guard::Proto, qproto, str(qual_tok->text) + " port");
            return true;
        }
        if (qual == Qual::None) return true;
        if (d.prim.kind == Kind::Address) return mismatch();
        if (is_ip_keyword(kw.text)) return qual == Qual::Ip ? true : mismatch();
        if (kw.text == "type") return qual == Qual::Proto && qproto == proto_icmp ? true : mismatch();
        return qual == Qual::Proto && qproto == proto_tcp ? true : mismatch();  // opt, win
    }

    bool parse_mask(const Directive& d, uint32_t& mask) {
        const Token& t = cur();
        if (t.kind != Tok::Word) return fail(t.pos, "missing mask after '&'");
        if (d.prim.kind == Kind::Address) {
            IPAddress a;
            if (!IPAddress::parse(t.text, a)) return fail(t.pos, "expected an address mask, found " + quoted(t));
            mask = ntohl(a.addr);
        } else {
            uint32_t max = d.prim.field.max_value();
            int r = parse_number(t.text, mask);
            if (r == 0) return fail(t.pos, "expected a number as mask, found " + quoted(t));
            if (r < 0 || mask > max)
                return fail(
                    t.pos, "mask " + quoted(t) + " is out of range for " + d.name + " (0-" + std::to_string(max) + ")");
        }
        next();
        return true;
    }

    // The directive a value alone names: an address (host or net), a name (a protocol, a
    // port, a TCP flag, an ICMP type, frag, unfrag, ect, ce), or a number, which repeats
    // the previous primitive's directive. Directions and protocols carry over when the
    // value repeats the previous primitive's directive.
    bool resolve(const Token& v, const Token* dir_tok, Directive& d) {
        std::string_view w = v.text;
        bool digit = w[0] >= '0' && w[0] <= '9';
        if (digit && (w.find('.') != std::string_view::npos || w.find('/') != std::string_view::npos)) {
            d = kind_directive(Kind::Address, w.find('/') != std::string_view::npos ? "net" : "host");
            if (!dir_tok && have_prev_ && prev_.prim.kind == Kind::Address) d = prev_;
            return true;
        }
        if (digit) {
            if (!have_prev_ || (prev_.prim.kind != Kind::Field && prev_.prim.kind != Kind::Port))
                return fail(v.pos, "'" + str(w) + "' needs a directive before it (for example 'port " + str(w) + "')");
            d = prev_;
        } else {
            std::vector<Directive> found;
            uint32_t x;
            if (lookup_name(protocol_names(), w, x)) found.push_back(protocol_directive());
            if (lookup_name(port_names(), w, x)) found.push_back(port_directive(Guard::TcpOrUdp, 0, "port"));
            if (lookup_name(tcp_flag_names(), w, x)) found.push_back(kind_directive(Kind::TcpFlag, "tcp opt"));
            if (lookup_name(icmp_type_names(), w, x)) found.push_back(icmp_type_directive());
            Directive flag;
            if (is_ip_keyword(w) && keyword_directive(w, flag) && is_flag_kind(flag.prim.kind)) found.push_back(flag);
            if (found.empty()) return fail(v.pos, "unknown word " + quoted(v));
            if (found.size() > 1) {
                const Directive* pick = nullptr;
                for (const Directive& f : found)
                    if (have_prev_ && same_directive(f, prev_)) pick = &f;
                if (!pick) {
                    std::string alternatives;
                    for (size_t i = 0; i < found.size(); ++i)
                        alternatives +=
                            (i ? (i + 1 == found.size() ? " or '" : ", '") : "'") + found[i].name + " " + str(w) + "'";
                    return fail(v.pos, quoted(v) + " is ambiguous: write " + alternatives);
                }
                d = *pick;
            } else {
                d = found[0];
            }
            // "src port 80 or www": the name repeats the previous directive with its qualifiers.
            if (have_prev_ && prev_.prim.kind == Kind::Port && d.prim.kind == Kind::Port) d = prev_;
            if (is_flag_kind(d.prim.kind)) next();  // the word was all there is
        }
        if (dir_tok && d.prim.kind != Kind::Address && d.prim.kind != Kind::Port)
            return fail(dir_tok->pos, "'" + str(dir_tok->text) + "' applies only to host, net and port");
        return true;
    }

    bool parse_value(Directive& d, const Token* op_tok) {
        Primitive& p = d.prim;
        if (is_flag_kind(p.kind)) return true;  // resolve() took the word
        const Token& v = cur();
        std::string_view w = v.text;
        if (p.kind == Kind::TcpFlag) {
            if (!lookup_name(tcp_flag_names(), w, p.value))
                return fail(v.pos, "unknown TCP flag " + quoted(v) + " (fin, syn, rst, psh, ack, urg, ece, cwr)");
            next();
            return true;
        }
        if (p.kind == Kind::Address) return parse_address(d, op_tok);
        uint32_t max = p.field.max_value();
        if (!integer_value(d, v, p.value, p.high, p.range)) return false;
        if (p.range && p.op != Op::Eq && p.op != Op::Ne)
            return fail(op_tok->pos, "a range takes no '" + str(op_tok->text) + "' (only '==' or '!=')");
        if (p.value > max || (p.range && p.high > max))
            return fail(v.pos, quoted(v) + " is out of range for " + d.name + " (0-" + std::to_string(max) + ")");
        if (p.range && p.value > p.high) return fail(v.pos, "empty range " + quoted(v));
        if (p.has_mask && !p.range && (p.op == Op::Eq || p.op == Op::Ne) && (p.value & ~p.mask))
            return fail(v.pos, "value " + quoted(v) + " has bits outside the mask, so it never matches");
        next();
        return true;
    }

    // A number or name, or a range A-B of them.
    bool integer_value(const Directive& d, const Token& v, uint32_t& lo, uint32_t& hi, bool& range) {
        std::string_view w = v.text;
        auto single = [&](std::string_view s, uint32_t& x) {
            if (d.names && lookup_name(*d.names, s, x)) return 1;
            return parse_number(s, x);
        };
        range = false;
        int r = single(w, lo);
        if (r > 0) return true;
        if (r < 0) return fail(v.pos, "number " + quoted(v) + " is too large");
        for (size_t dash = w.find('-', 1); dash != std::string_view::npos && dash + 1 < w.size();
             dash = w.find('-', dash + 1))
            if (single(w.substr(0, dash), lo) > 0 && single(w.substr(dash + 1), hi) > 0) {
                range = true;
                return true;
            }
        if (d.names) return fail(v.pos, "unknown " + std::string(d.name_kind) + " " + quoted(v));
        return fail(v.pos, "expected a number, found " + quoted(v));
    }

    // The current word, with an AddressInfo suffix written right after it ("mauer:eth" is
    // three tokens; a spaced ':' belongs to the ternary operator). Sets name_tokens_.
    std::string name_with_suffix() {
        const Token& w = cur();
        name_tokens_ = 1;
        if (i_ + 2 >= t_.size()) return std::string(w.text);
        const Token& colon = t_[i_ + 1];
        const Token& suffix = t_[i_ + 2];
        bool adjacent = colon.kind == Tok::Colon && colon.pos == w.pos + w.text.size() && suffix.kind == Tok::Word &&
                        suffix.pos == colon.pos + 1;
        if (!adjacent) return std::string(w.text);
        name_tokens_ = 3;
        return std::string(w.text) + ":" + std::string(suffix.text);
    }
    size_t name_tokens_ = 1;

    // An AddressInfo name: its IP address after host, its prefix after net.
    static bool named_address(const Directive& d, std::string_view w, IPPrefix& out) {
        std::string why;
        bool net = d.name.size() >= 3 && d.name.compare(d.name.size() - 3, 3, "net") == 0;
        if (net) return clickos::parse_value(w, out, why);
        IPAddress a;
        if (!clickos::parse_value(w, a, why)) return false;
        out.addr = a;
        out.mask.addr = 0xffffffffu;
        return true;
    }

    // ADDR, ADDR/LEN, ADDR/MASK, or ADDR mask MASK.
    bool parse_address(Directive& d, const Token* op_tok) {
        Primitive& p = d.prim;
        if (p.op != Op::Eq && p.op != Op::Ne)
            return fail(op_tok->pos,
                        "'" + str(op_tok->text) + "' does not apply to " + d.name + " (only '==' or '!=')");
        const Token& v = cur();
        IPAddress a;
        IPPrefix net;
        uint32_t mask = p.has_mask ? p.mask : 0xffffffffu;
        if (IPAddress::parse(v.text, a)) {
            p.value = ntohl(a.addr);
            next();
            if (cur().kind == Tok::Word && cur().text == "mask") {
                if (p.has_mask) return fail(cur().pos, "the address already has a mask ('&')");
                next();
                if (cur().kind != Tok::Word || !IPAddress::parse(cur().text, a))
                    return fail(cur().pos, "expected an address mask after 'mask', found " + quoted(cur()));
                mask = ntohl(a.addr);
                next();
            }
        } else if (v.text.find('/') != std::string_view::npos && IPPrefix::parse(v.text, net)) {
            if (p.has_mask) return fail(v.pos, "a network prefix takes no '&' mask");
            p.value = ntohl(net.addr.addr);
            mask = ntohl(net.mask.addr);
            next();
        } else if (v.kind == Tok::Word && named_address(d, name_with_suffix(), net)) {
            if (p.has_mask && net.mask.addr != 0xffffffffu) return fail(v.pos, "a network prefix takes no '&' mask");
            p.value = ntohl(net.addr.addr);
            if (net.mask.addr != 0xffffffffu) mask = ntohl(net.mask.addr);
            for (size_t n = name_tokens_; n > 0; --n) next();
        } else {
            return fail(v.pos, "expected an IP address or network, found " + quoted(v));
        }
        p.has_mask = true;
        p.mask = mask;
        p.value &= mask;  // host bits of a network are ignored
        return true;
    }

    const std::vector<Token>& t_;
    ExprBuilder& b_;
    size_t i_ = 0;
    int depth_ = 0;
    PatternError err_;
    Directive prev_;
    bool have_prev_ = false;
};

}  // namespace

bool parse_ip_pattern(std::string_view text, ExprBuilder& b, ExprBuilder::Id& out, PatternError& error) {
    std::vector<Token> tokens;
    if (!tokenize(text, tokens, error.message, error.position)) return false;
    if (tokens.size() == 1) {
        error = {"empty pattern (use '-' to match every packet)", 0};
        return false;
    }
    if (tokens.size() == 2 && tokens[0].kind == Tok::Word && tokens[0].text == "-") {
        out = b.always();
        return true;
    }
    return Parser(tokens, b).parse(out, error);
}

}  // namespace clickos::ipfilter
