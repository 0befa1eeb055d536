#include "ipgwoptions.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/timestamp.hh"
#include "header_access.hh"

namespace clickos {

namespace {
constexpr uint8_t IPOPT_EOL = 0, IPOPT_NOP = 1, IPOPT_RR = 7, IPOPT_TS = 68;
constexpr uint8_t TS_ONLY = 0, TS_AND_ADDR = 1, TS_PRESPECIFIED = 3;

// RFC 791: milliseconds since midnight UT, network byte order.
uint32_t ms_since_midnight() {
    Timestamp now = Timestamp::now();
    int64_t ms = (now.sec() % 86400) * 1000 + now.subsec_ns() / 1000000;
    return htonl(uint32_t(ms));
}
}  // namespace

int IPGWOptions::configure(Args& args) {
    IPAddress me;
    if (args.read_mp("MYADDR", me).read_p("OTHERADDRS", my_addrs_).complete() < 0) return -1;
    my_addr_ = me.addr;
    my_addrs_.addrs.push_back(me.addr);
    return 0;
}

int IPGWOptions::handle_options(const uint8_t* in, unsigned hlen, uint8_t* out, bool& changed) const {
    std::memcpy(out, in, hlen);
    unsigned i = sizeof(click_ip);
    while (i < hlen) {
        uint8_t type = out[i];
        if (type == IPOPT_EOL) break;
        if (type == IPOPT_NOP) {
            ++i;
            continue;
        }
        if (i + 1 >= hlen) return int(i + 1);  // no room for the length byte
        unsigned len = out[i + 1];
        if (len < 2 || i + len > hlen) return int(i + 1);
        uint8_t* opt = out + i;
        if (type == IPOPT_RR) {
            if (len < 3) return int(i + 1);
            int ptr = int(opt[2]) - 1;  // the pointer counts from 1
            if (ptr >= 3 && unsigned(ptr) + 4 <= len) {
                std::memcpy(opt + ptr, &my_addr_, 4);
                opt[2] += 4;
                changed = true;
            } else if (unsigned(ptr) != len) {  // not merely full
                return int(i + 2);
            }
        } else if (type == IPOPT_TS) {
            if (len < 4) return int(i + 1);
            int ptr = int(opt[2]) - 1;
            unsigned overflow = opt[3] >> 4, flag = opt[3] & 15;
            bool full = false;
            if (ptr < 4) return int(i + 2);
            if (flag == TS_ONLY) {
                if (unsigned(ptr) + 4 <= len) {
                    uint32_t ms = ms_since_midnight();
                    std::memcpy(opt + ptr, &ms, 4);
                    opt[2] += 4;
                    changed = true;
                } else
                    full = true;
            } else if (flag == TS_AND_ADDR) {
                if (unsigned(ptr) + 8 <= len) {
                    uint32_t ms = ms_since_midnight();
                    std::memcpy(opt + ptr, &my_addr_, 4);
                    std::memcpy(opt + ptr + 4, &ms, 4);
                    opt[2] += 8;
                    changed = true;
                } else
                    full = true;
            } else if (flag == TS_PRESPECIFIED && unsigned(ptr) + 8 <= len) {
                if (my_addrs_.contains(ip::load<uint32_t>(opt + ptr))) {
                    uint32_t ms = ms_since_midnight();
                    std::memcpy(opt + ptr + 4, &ms, 4);
                    opt[2] += 8;
                    changed = true;
                }
            } else {
                return int(i + 3);  // unknown flag, or prespecified with no room
            }
            if (full) {
                if (overflow >= 15) return int(i + 3);
                opt[3] = uint8_t(((overflow + 1) << 4) | flag);
                changed = true;
            }
        }
        i += len;
    }
    return -1;
}

bool IPGWOptions::reject(Packet* p, int pointer) {
    ++drops_;
    p->anno()[anno::icmp_paramprob] = uint8_t(pointer);
    return false;
}

bool IPGWOptions::process(Packet*& p) {
    click_ip iph;
    if (!ip::read_ip_header(p, iph)) return reject(p, 0);
    unsigned hlen = iph.header_length();
    if (hlen <= sizeof(click_ip)) return true;  // no options
    if (!ip::in_packet(p, p->network_header(), hlen)) return reject(p, 0);
    uint8_t header[60];  // the largest IPv4 header
    bool changed = false;
    int bad = handle_options(p->network_header(), hlen, header, changed);
    if (bad >= 0) return reject(p, bad);
    if (!changed) return true;
    if (!(p = p->uniqueify())) return false;
    uint8_t* h = p->mutable_network_header();
    std::memset(header + offsetof(click_ip, sum), 0, 2);
    uint16_t sum = internet_checksum(header, hlen);
    std::memcpy(header + offsetof(click_ip, sum), &sum, 2);
    std::memcpy(h, header, hlen);
    return true;
}

void IPGWOptions::add_handlers() {
    add_read_handler("drops", [this](Element*) { return std::to_string(drops_) + "\n"; });
}

CLICKOS_ELEMENT(IPGWOptions);

}  // namespace clickos
