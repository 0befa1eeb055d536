// The fields of Click's IP summary dump format (one text line per packet, fields separated
// by spaces, '-' where a field does not apply): their names, how ToIPSummaryDump writes
// them from a packet and how FromIPSummaryDump reads them back into a packet. ClickOS
// implements this subset:
//
//   timestamp    packet timestamp, "SEC.USEC"         ts_sec, ts_usec   its two parts
//   ip_src       IPv4 source, dotted                  ip_dst            IPv4 destination
//   ip_proto     protocol: T (TCP), U (UDP), I (ICMP) or a number
//   sport        TCP/UDP source port                  dport             destination port
//   ip_len       IP total length field                ip_id             IP identification
//   ip_ttl       time to live
//   tcp_flags    TCP flag letters in bit order FSRPAUECN ('.' for none), or a number
//   payload_len  IP length minus the IP and TCP/UDP headers
//   count        packets the line stands for (always 1 when written)
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "clickos/packet.hh"
#include "ip_fields.hh"

namespace clickos::traces::ipsum {

enum class Field : uint8_t {
    Timestamp,
    TsSec,
    TsUsec,
    IpSrc,
    IpDst,
    IpProto,
    Sport,
    Dport,
    IpLen,
    IpId,
    IpTtl,
    TcpFlags,
    PayloadLen,
    Count,
    Unknown,  // a column FromIPSummaryDump skips
};

// A field name: case-insensitive, spaces or underscores, and a few older synonyms
// ("src", "dst", "len", "proto", "ttl", "id", "flags").
bool parse_field(std::string_view name, Field& f);
const char* field_name(Field f);
// A space-separated list of names (quoted names may contain spaces); false with `error`
// naming the first unknown field.
bool parse_field_list(const std::string& text, std::vector<Field>& out, std::string& error);
std::string field_list_str(const std::vector<Field>& fields);

// Where the IPv4 header of p is: its network header annotation, or else its first byte.
ipfields::IPView ip_view(const Packet* p);
// Appends field f of p to out ('-' when it does not apply to p).
void write_field(Field f, const Packet* p, const ipfields::IPView& v, std::string& out);

// What one line says. Fields not given keep their "unset" state.
struct Record {
    enum : uint32_t {
        HasTimestamp = 1 << 0,
        HasTsSec = 1 << 1,
        HasTsUsec = 1 << 2,
        HasSrc = 1 << 3,
        HasDst = 1 << 4,
        HasProto = 1 << 5,
        HasSport = 1 << 6,
        HasDport = 1 << 7,
        HasLen = 1 << 8,
        HasId = 1 << 9,
        HasTtl = 1 << 10,
        HasFlags = 1 << 11,
        HasPayloadLen = 1 << 12,
        HasCount = 1 << 13,
    };
    uint32_t has = 0;
    Timestamp timestamp;
    uint32_t ts_sec = 0, ts_usec = 0;
    uint32_t src = 0, dst = 0;  // network byte order
    uint8_t proto = 0;
    uint16_t sport = 0, dport = 0;
    uint32_t ip_len = 0;
    uint16_t ip_id = 0;
    uint8_t ttl = 0;
    uint16_t tcp_flags = 0;  // with NS as 0x100
    uint32_t payload_len = 0;
    uint32_t count = 1;
};

// Reads the text of field f into r ("-" leaves it unset); false if malformed.
bool read_field(Field f, std::string_view text, Record& r);

struct BuildOptions {
    uint8_t default_proto = ipfields::proto_tcp;
    uint8_t default_ttl = 100;
    bool transport_checksums = false;  // TCP, UDP and ICMP checksums (the IP one is always set)
};
// The IPv4 packet a record describes: a 20-byte IP header with a correct checksum, a TCP
// (20 bytes), UDP or ICMP (8 bytes) header, and zero payload up to the IP length; header
// annotations and timestamp set. Null if memory is exhausted.
Packet* build_packet(const Record& r, const BuildOptions& o);

}  // namespace clickos::traces::ipsum
