#include "pcap_format.hh"

#include <cctype>
#include <cstring>

namespace clickos::traces::pcap {

namespace {

struct EncapName {
    const char* name;
    uint32_t linktype;
};

// The first entry for a link type is its canonical name.
const EncapName encaps[] = {
    {"ETHER", linktype::ether},       {"IP", linktype::raw},
    {"FDDI", linktype::fddi},         {"ATM", linktype::atm_rfc1483},
    {"802_11", linktype::ieee802_11}, {"SLL", linktype::linux_sll},
    {"AIRONET", linktype::aironet},   {"HDLC", linktype::c_hdlc},
    {"PPP_HDLC", linktype::ppp_hdlc}, {"PPP", linktype::ppp},
    {"SUNATM", linktype::sunatm},     {"PRISM", linktype::prism},
    {"NULL", linktype::null},         {"ETHERNET", linktype::ether},
    {"RAW", linktype::raw},
};

uint32_t host_u32(const uint8_t* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
}
uint32_t swap32(uint32_t v) {
    return __builtin_bswap32(v);
}
uint16_t swap16(uint16_t v) {
    return __builtin_bswap16(v);
}

}  // namespace

bool parse_encap(const std::string& name, uint32_t& lt) {
    std::string upper = name;
    for (char& c : upper) c = char(std::toupper(static_cast<unsigned char>(c)));
    for (const auto& e : encaps)
        if (upper == e.name) {
            lt = e.linktype;
            return true;
        }
    return false;
}

std::string encap_name(uint32_t lt) {
    // Other numbers that mean the same encapsulation (DLT values some systems write).
    if (lt == 12 || lt == 14 || lt == linktype::ipv4) lt = linktype::raw;
    if (lt == 11) lt = linktype::atm_rfc1483;
    for (const auto& e : encaps)
        if (e.linktype == lt) return e.name;
    return std::to_string(lt);
}

int ip_header_offset(uint32_t lt, const uint8_t* f, uint32_t caplen) {
    switch (lt) {
        case linktype::raw:
        case linktype::ipv4:
        case 12:
        case 14: return 0;
        case linktype::ether:
            if (caplen >= 14 && f[12] == 0x08 && f[13] == 0x00) return 14;
            return -1;
        case linktype::linux_sll:
            if (caplen >= 16 && f[14] == 0x08 && f[15] == 0x00) return 16;
            return -1;
        case linktype::null:
            // The address family (2: IPv4) in the writer's byte order.
            if (caplen >= 4 && (host_u32(f) == 2 || swap32(host_u32(f)) == 2)) return 4;
            return -1;
        default: return -1;
    }
}

bool decode_file_header(const uint8_t* h, FileHeader& out, std::string& error) {
    uint32_t magic = host_u32(h);
    out = FileHeader{};
    if (magic != magic_usec && magic != magic_nsec && magic != magic_kuznetsov) {
        magic = swap32(magic);
        out.swapped = true;
    }
    if (magic == magic_usec)
        out.nanosecond = false;
    else if (magic == magic_nsec)
        out.nanosecond = true;
    else if (magic == magic_kuznetsov)
        out.record_header = record_header_size + 8;
    else {
        error = "not a tcpdump file (bad magic number)";
        return false;
    }
    uint16_t major, minor;
    std::memcpy(&major, h + 4, 2);
    std::memcpy(&minor, h + 6, 2);
    uint32_t snaplen = host_u32(h + 16), lt = host_u32(h + 20);
    if (out.swapped) {
        major = swap16(major);
        minor = swap16(minor);
        snaplen = swap32(snaplen);
        lt = swap32(lt);
    }
    out.major = major;
    out.minor = minor;
    out.snaplen = snaplen;
    out.linktype = lt & 0xffff;  // the upper bits may carry FCS information
    if (major != version_major) {
        error = "unsupported tcpdump file version " + std::to_string(major) + "." + std::to_string(minor);
        return false;
    }
    return true;
}

void encode_file_header(uint8_t* h, bool nanosecond, uint32_t snaplen, uint32_t lt) {
    uint32_t magic = nanosecond ? magic_nsec : magic_usec;
    uint16_t major = version_major, minor = version_minor;
    uint32_t zero = 0;
    std::memcpy(h, &magic, 4);
    std::memcpy(h + 4, &major, 2);
    std::memcpy(h + 6, &minor, 2);
    std::memcpy(h + 8, &zero, 4);   // thiszone: timestamps are UTC
    std::memcpy(h + 12, &zero, 4);  // sigfigs
    std::memcpy(h + 16, &snaplen, 4);
    std::memcpy(h + 20, &lt, 4);
}

void decode_record_header(const uint8_t* h, const FileHeader& file, RecordHeader& out) {
    uint32_t sec = host_u32(h), frac = host_u32(h + 4), caplen = host_u32(h + 8), len = host_u32(h + 12);
    if (file.swapped) {
        sec = swap32(sec);
        frac = swap32(frac);
        caplen = swap32(caplen);
        len = swap32(len);
    }
    int64_t frac_ns = file.nanosecond ? int64_t(frac) : int64_t(frac) * 1000;
    out.timestamp = Timestamp{int64_t(sec) * 1000000000 + frac_ns};
    out.caplen = caplen;
    out.len = len;
}

void encode_record_header(uint8_t* h, bool nanosecond, Timestamp t, uint32_t caplen, uint32_t len) {
    if (t.ns < 0) t.ns = 0;  // the format has no times before 1970
    uint32_t sec = uint32_t(t.sec());
    uint32_t frac = uint32_t(nanosecond ? t.subsec_ns() : t.subsec_ns() / 1000);
    std::memcpy(h, &sec, 4);
    std::memcpy(h + 4, &frac, 4);
    std::memcpy(h + 8, &caplen, 4);
    std::memcpy(h + 12, &len, 4);
}

}  // namespace clickos::traces::pcap
