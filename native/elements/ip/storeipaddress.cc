#include "storeipaddress.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "ipencap/ip_header.hh"

namespace clickos {

namespace {

struct StoreOffsetArg {  // a byte offset, src or dst
    uint32_t offset = 0;
    int field = 0;  // 0 offset, 1 src, 2 dst
};

bool parse_value(std::string_view s, StoreOffsetArg& v, std::string& why) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    if (s == "src" || s == "dst") {
        v.field = s == "src" ? 1 : 2;
        return true;
    }
    if (!clickos::parse_value(s, v.offset, why)) {
        why = "expected byte offset, src or dst";
        return false;
    }
    v.field = 0;
    return true;
}

// The first positional argument: an address when OFFSET follows, else the offset itself.
struct FirstArg {
    std::string text;
};
bool parse_value(std::string_view s, FirstArg& v, std::string&) {
    v.text = std::string(s);
    return true;
}

}  // namespace

int StoreIPAddress::configure(Args& args) {
    FirstArg first;
    StoreOffsetArg off;
    if (args.read_p("ADDR", first).read_p("OFFSET", off).complete() < 0) return -1;
    const Args::Arg* first_arg = nullptr;
    for (const auto& a : args.args())
        if (a.keyword.empty() || a.keyword == "ADDR") {
            first_arg = &a;
            break;
        }
    std::string why;
    if (!args.given("OFFSET")) {
        if (!args.given("ADDR")) return args.error("missing mandatory OFFSET argument");
        if (!parse_value(first.text, off, why)) return args.error_at(*first_arg, "OFFSET: " + why);
        use_anno_ = true;
    } else if (args.given("ADDR")) {
        IPAddress a;
        if (!parse_value(first.text, a, why)) return args.error_at(*first_arg, "ADDR: " + why);
        addr_ = a.addr;
        use_anno_ = false;
    }
    field_ = off.field == 1 ? Field::Src : off.field == 2 ? Field::Dst : Field::Offset;
    offset_ = off.offset;
    return 0;
}

bool StoreIPAddress::store_in_header(Packet*& p, uint32_t addr) {
    IPHeaderRef r;
    if (!locate_ip_header(p, r)) return false;
    if (!(p = p->uniqueify())) return true;
    uint8_t* ip = r.bytes(p);
    uint8_t* field = ip + (field_ == Field::Src ? 12 : 16);
    uint16_t old_words[2], new_words[2];
    std::memcpy(old_words, field, 4);
    std::memcpy(new_words, &addr, 4);
    auto adjust = [&](uint8_t* sum_at, bool udp) {
        uint16_t sum;
        std::memcpy(&sum, sum_at, 2);
        if (udp && sum == 0) return;  // no UDP checksum
        sum = checksum_adjust(sum, old_words[0], new_words[0]);
        sum = checksum_adjust(sum, old_words[1], new_words[1]);
        if (udp && sum == 0) sum = 0xffff;
        std::memcpy(sum_at, &sum, 2);
    };
    adjust(ip + 10, false);
    // Transport checksums cover the addresses through the pseudo-header.
    if ((ntohs(r.h.off) & IP_OFFMASK) == 0) {
        uint32_t t = r.offset + r.hlen;
        if (r.h.p == IP_PROTO_TCP && t + 18 <= p->length())
            adjust(p->mutable_data() + t + 16, false);
        else if (r.h.p == IP_PROTO_UDP && t + 8 <= p->length())
            adjust(p->mutable_data() + t + 6, true);
    }
    std::memcpy(field, &addr, 4);
    return true;
}

bool StoreIPAddress::process(Packet*& p) {
    uint32_t addr = use_anno_ ? p->dst_ip_anno() : addr_;
    if (field_ != Field::Offset) {
        if (use_anno_ && addr == 0) {
            IPHeaderRef r;
            return locate_ip_header(p, r);
        }
        return store_in_header(p, addr);
    }
    if (uint64_t(offset_) + 4 > p->length()) return false;
    if (use_anno_ && addr == 0) return true;
    if (!(p = p->uniqueify())) return true;
    std::memcpy(p->mutable_data() + offset_, &addr, 4);
    return true;
}

CLICKOS_ELEMENT(StoreIPAddress);

}  // namespace clickos
