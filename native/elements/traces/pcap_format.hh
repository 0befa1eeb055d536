// The libpcap savefile format ("tcpdump -w" files): a 24-byte file header, then for each
// packet a 16-byte record header and the captured bytes. Every field is in the byte order
// of the machine that wrote the file; the magic number tells which, and whether the
// sub-second field counts microseconds or nanoseconds.
//
//   file header:   magic(4) version_major(2) version_minor(2) thiszone(4) sigfigs(4)
//                  snaplen(4) linktype(4)
//   record header: ts_sec(4) ts_frac(4) caplen(4) len(4)
#pragma once
#include <cstdint>
#include <string>

#include "clickos/timestamp.hh"

namespace clickos::traces::pcap {

constexpr uint32_t magic_usec = 0xa1b2c3d4;
constexpr uint32_t magic_nsec = 0xa1b23c4d;
// Alexey Kuznetsov's patched libpcap: 8 more bytes per record header (ifindex, protocol,
// packet type, padding).
constexpr uint32_t magic_kuznetsov = 0xa1b2cd34;
constexpr uint16_t version_major = 2;
constexpr uint16_t version_minor = 4;
constexpr size_t file_header_size = 24;
constexpr size_t record_header_size = 16;

// Link types as stored in savefiles (LINKTYPE_* values).
namespace linktype {
constexpr uint32_t null = 0;
constexpr uint32_t ether = 1;
constexpr uint32_t ppp = 9;
constexpr uint32_t fddi = 10;
constexpr uint32_t ppp_hdlc = 50;
constexpr uint32_t atm_rfc1483 = 100;
constexpr uint32_t raw = 101;
constexpr uint32_t c_hdlc = 104;
constexpr uint32_t ieee802_11 = 105;
constexpr uint32_t linux_sll = 113;
constexpr uint32_t prism = 119;
constexpr uint32_t aironet = 120;
constexpr uint32_t sunatm = 123;
constexpr uint32_t ipv4 = 228;
}  // namespace linktype

// ENCAP names (Click's: ETHER, IP, FDDI, ATM, 802_11, SLL, AIRONET, HDLC, PPP_HDLC, PPP,
// SUNATM, PRISM, NULL) to link types; false if unknown. Case-insensitive.
bool parse_encap(const std::string& name, uint32_t& linktype);
// The ENCAP name of a link type, or its number if it has none.
std::string encap_name(uint32_t linktype);
// Where an IPv4 header starts in a frame of this link type, or -1 if unknown. `frame` is
// the captured data, whose link header tells (Ethernet type, SLL protocol, NULL family).
int ip_header_offset(uint32_t linktype, const uint8_t* frame, uint32_t caplen);

struct FileHeader {
    bool swapped = false;     // written in the other byte order
    bool nanosecond = false;  // ts_frac counts nanoseconds
    size_t record_header = record_header_size;
    uint16_t major = version_major, minor = version_minor;
    uint32_t snaplen = 0;
    uint32_t linktype = 0;
};

// Decodes a file header; false with `error` set if the magic number is not one of pcap's.
bool decode_file_header(const uint8_t* h, FileHeader& out, std::string& error);
// Encodes a file header in this machine's byte order, as libpcap writes.
void encode_file_header(uint8_t* h, bool nanosecond, uint32_t snaplen, uint32_t linktype);

struct RecordHeader {
    Timestamp timestamp;
    uint32_t caplen = 0;
    uint32_t len = 0;
};

void decode_record_header(const uint8_t* h, const FileHeader& file, RecordHeader& out);
void encode_record_header(uint8_t* h, bool nanosecond, Timestamp t, uint32_t caplen, uint32_t len);

}  // namespace clickos::traces::pcap
