// One primitive of the IP filter language ("src host 10.0.0.1", "dst tcp port > 1023",
// "tcp[13] & 2 != 0", ...) once parsed, and its translation into match expressions over
// the network header (Base::Network) and the transport header (Base::Transport).
//
// Transport directives carry a guard: the packet has the right protocol and is a first
// fragment (fragment offset 0), since later fragments have no transport header.
#pragma once
#include <cstdint>

#include "classification/match_expr.hh"

namespace clickos::ipfilter {

using classification::Base;
using classification::ExprBuilder;

enum class Guard : uint8_t {
    None,       // IP header fields
    FirstFrag,  // transp[...]: any protocol, first fragments only
    Proto,      // the protocol in Field::proto, first fragments only
    TcpOrUdp,   // port without tcp/udp: TCP or UDP, first fragments only
};

// A header field: `length` bytes (1-4) at `offset` from `base`, read as a big-endian
// number, of which the bits in `bits` hold the value shifted left by `shift`.
struct Field {
    Base base = Base::Network;
    uint32_t offset = 0;
    uint8_t length = 1;
    uint32_t bits = 0xff;
    uint8_t shift = 0;
    Guard guard = Guard::None;
    uint8_t proto = 0;
    uint32_t max_value() const { return bits >> shift; }
};

enum class Kind : uint8_t {
    Constant,  // true/false
    Field,     // an integer field: ip ttl, ip proto, icmp type, tcp win, ip[...], tcp[...]
    Address,   // host or net: source and/or destination address
    Port,      // source and/or destination port
    TcpFlag,   // tcp opt NAME
    Frag,      // ip frag
    Unfrag,    // ip unfrag
    Ect,       // ip ect
    Ce,        // ip ce
};

enum class Dir : uint8_t { None, Src, Dst, SrcOrDst, SrcAndDst };
enum class Op : uint8_t { Eq, Ne, Lt, Gt, Le, Ge };

struct Primitive {
    Kind kind = Kind::Constant;
    bool truth = true;    // Constant
    Dir dir = Dir::None;  // Address, Port (None means SrcOrDst)
    Field field;          // Field; Port: the guard and protocol
    Op op = Op::Eq;
    bool has_mask = false;  // "& MASK" given ("& MASK" alone is "& MASK != 0")
    uint32_t mask = 0;      // in field units (Address: the address mask, host byte order)
    uint32_t value = 0;     // Address: host byte order
    bool range = false;     // value-high (op Eq or Ne)
    uint32_t high = 0;
};

// The expression for `p`; never fails (the parser checked the values).
ExprBuilder::Id lower(const Primitive& p, ExprBuilder& b);

// Common fields.
Field ip_field(uint32_t offset, uint8_t length, uint32_t bits = 0, uint8_t shift = 0);
Field transport_field(uint32_t offset, uint8_t length, Guard guard, uint8_t proto = 0);

}  // namespace clickos::ipfilter
