#include "arpprint.hh"

#include <arpa/inet.h>

#include "arp_header.hh"
#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/platform.hh"

namespace clickos {

int ARPPrint::configure(Args& args) {
    return args.read_p("TAG", tag_).read("TIMESTAMP", timestamp_).read("OUTFILE", outfile_).complete();
}

int ARPPrint::initialize(ErrorHandler* errh) {
    if (outfile_.empty()) return 0;
    std::string error;
    fd_ = platform::open_file_write(outfile_, false, error);
    if (fd_ < 0) return errh->error(error);
    return 0;
}

void ARPPrint::cleanup(CleanupStage) {
    if (fd_ >= 0) platform::close_fd(fd_);
    fd_ = -1;
}

std::string ARPPrint::line(const Packet* p) const {
    std::string s;
    format(p, s);
    return s;
}

void ARPPrint::format(const Packet* p, std::string& s) const {
    if (!tag_.empty()) s += tag_ + ": ";
    if (timestamp_) s += p->timestamp_anno().str() + ": ";
    const uint8_t* d = p->data();
    uint32_t len = p->length();
    long at = 0;
    if (p->has_network_header()) {
        at = p->network_header_offset();
    } else if (len >= 14 && d[12] == (ETHERTYPE_ARP >> 8) && d[13] == (ETHERTYPE_ARP & 0xff)) {
        at = 14;
    }
    long avail = at >= 0 && at <= long(len) ? long(len) - at : -1;
    if (avail < long(sizeof(ArpHeader))) {
        s += "truncated-arp (" + std::to_string(avail < 0 ? 0 : avail) + ")";
        return;
    }
    ArpHeader a;
    std::memcpy(&a, d + at, sizeof a);
    if (ntohs(a.hrd) != ARP_HRD_ETHERNET || ntohs(a.pro) != ETHERTYPE_IP || a.hln != 6 || a.pln != 4) {
        s += "arp hrd " + std::to_string(ntohs(a.hrd)) + " pro " + std::to_string(ntohs(a.pro));
        return;
    }
    uint16_t op = ntohs(a.op);
    if (op == ARP_OP_REQUEST) {
        s += "arp who-has " + IPAddress{a.target_ip()}.str() + " tell " + IPAddress{a.sender_ip()}.str();
    } else if (op == ARP_OP_REPLY) {
        EtherAddress sha;
        std::memcpy(sha.bytes, a.sha, 6);
        s += "arp reply " + IPAddress{a.sender_ip()}.str() + " is-at " + sha.str();
    } else {
        s += "arp opcode " + std::to_string(op);
    }
}

void ARPPrint::print(const Packet* p) {
    buffer_.clear();
    format(p, buffer_);
    buffer_ += '\n';
    if (fd_ >= 0)
        platform::write_fd_all(fd_, buffer_.data(), buffer_.size());
    else
        platform::write_stderr(buffer_);
}

void ARPPrint::add_handlers() {
    add_read_handler("active", [this](Element*) { return std::string(active_ ? "true\n" : "false\n"); });
    add_write_handler("active", [this](const std::string& v, Element*, ErrorHandler* errh) {
        std::string why;
        bool b;
        if (!parse_value(v, b, why)) return errh->error("active: " + why);
        active_ = b;
        return 0;
    });
}

CLICKOS_ELEMENT(ARPPrint);

}  // namespace clickos
