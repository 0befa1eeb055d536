#include "ip_primitive.hh"

#include <vector>

#include "field_ranges.hh"
#include "ip_names.hh"

namespace clickos::ipfilter {

using Id = ExprBuilder::Id;

Field ip_field(uint32_t offset, uint8_t length, uint32_t bits, uint8_t shift) {
    Field f;
    f.base = Base::Network;
    f.offset = offset;
    f.length = length;
    f.bits = bits ? bits : (length >= 4 ? 0xffffffffu : (uint32_t(1) << (8 * length)) - 1);
    f.shift = shift;
    return f;
}

Field transport_field(uint32_t offset, uint8_t length, Guard guard, uint8_t proto) {
    Field f = ip_field(offset, length);
    f.base = Base::Transport;
    f.guard = guard;
    f.proto = proto;
    return f;
}

namespace {

// (the field's big-endian number & m) == v.
Id test(ExprBuilder& b, const Field& f, uint32_t m, uint32_t v) {
    uint8_t mb[4], vb[4];
    for (int i = 0; i < f.length; ++i) {
        int sh = 8 * (f.length - 1 - i);
        mb[i] = uint8_t(m >> sh);
        vb[i] = uint8_t((v & m) >> sh);
    }
    return b.bytes(f.base, f.offset, vb, mb, f.length);
}

Id any_test(ExprBuilder& b, const Field& f, const std::vector<MaskValue>& terms) {
    std::vector<Id> ids;
    for (const MaskValue& t : terms) ids.push_back(test(b, f, t.mask, t.value));
    return b.any_of(std::move(ids));
}

Id first_fragment(ExprBuilder& b) {
    return test(b, ip_field(6, 2), 0x1fff, 0);
}

Id protocol_is(ExprBuilder& b, uint32_t proto) {
    return test(b, ip_field(9, 1), 0xff, proto);
}

Id guard(ExprBuilder& b, const Field& f) {
    switch (f.guard) {
        case Guard::None: return b.always();
        case Guard::FirstFrag: return first_fragment(b);
        case Guard::Proto: return b.all_of({protocol_is(b, f.proto), first_fragment(b)});
        case Guard::TcpOrUdp:
            return b.all_of({b.any_of({protocol_is(b, proto_tcp), protocol_is(b, proto_udp)}), first_fragment(b)});
    }
    return b.always();
}

// (field & mask) compared with the value: the expression for Eq when the operator is Ne
// (the caller negates it, so that "!=" is the opposite of "==" within the guard).
Id compare(ExprBuilder& b, const Field& f, const Primitive& p) {
    uint32_t m = f.bits;
    if (p.has_mask) m &= p.mask << f.shift;
    int nbits = 8 * f.length;
    uint64_t v = p.value, max = f.max_value();
    if (p.range)
        return b.all_of({any_test(b, f, at_least(m, uint32_t(v << f.shift), nbits)),
                         any_test(b, f, at_most(m, uint32_t(uint64_t(p.high) << f.shift), nbits))});
    switch (p.op) {
        case Op::Eq:
        case Op::Ne:
            if ((uint32_t(v << f.shift) & ~m) != 0) return b.never();
            return test(b, f, m, uint32_t(v << f.shift));
        case Op::Ge: return any_test(b, f, at_least(m, uint32_t(v << f.shift), nbits));
        case Op::Gt:
            if (v + 1 > max) return b.never();
            return any_test(b, f, at_least(m, uint32_t((v + 1) << f.shift), nbits));
        case Op::Le: return any_test(b, f, at_most(m, uint32_t(v << f.shift), nbits));
        case Op::Lt:
            if (v == 0) return b.never();
            return any_test(b, f, at_most(m, uint32_t((v - 1) << f.shift), nbits));
    }
    return b.never();
}

Id directional(ExprBuilder& b, Dir d, Id src, Id dst) {
    switch (d) {
        case Dir::Src: return src;
        case Dir::Dst: return dst;
        case Dir::SrcAndDst: return b.all_of({src, dst});
        default: return b.any_of({src, dst});
    }
}

}  // namespace

Id lower(const Primitive& p, ExprBuilder& b) {
    switch (p.kind) {
        case Kind::Constant: return p.truth ? b.always() : b.never();
        case Kind::Field: {
            Id core = compare(b, p.field, p);
            if (p.op == Op::Ne) core = b.negate(core);
            return b.all_of({guard(b, p.field), core});
        }
        case Kind::Port:
        case Kind::Address: {
            Field src, dst;
            if (p.kind == Kind::Port) {
                src = transport_field(0, 2, p.field.guard, p.field.proto);
                dst = transport_field(2, 2, p.field.guard, p.field.proto);
            } else {
                src = ip_field(12, 4);
                dst = ip_field(16, 4);
            }
            Id core = directional(b, p.dir, compare(b, src, p), compare(b, dst, p));
            if (p.op == Op::Ne) core = b.negate(core);
            return b.all_of({guard(b, src), core});
        }
        case Kind::TcpFlag: {
            Field flags = transport_field(13, 1, Guard::Proto, proto_tcp);
            return b.all_of({guard(b, flags), test(b, flags, p.value, p.value)});
        }
        case Kind::Frag: return b.negate(test(b, ip_field(6, 2), 0x3fff, 0));
        case Kind::Unfrag: return test(b, ip_field(6, 2), 0x3fff, 0);
        case Kind::Ect: return b.negate(test(b, ip_field(1, 1), 0x03, 0));
        case Kind::Ce: return test(b, ip_field(1, 1), 0x03, 0x03);
    }
    return b.never();
}

}  // namespace clickos::ipfilter
