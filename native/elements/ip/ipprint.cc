#include "ipprint.hh"

#include <cctype>

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/platform.hh"

namespace clickos {

namespace {
// CONTENTS and PAYLOAD values: a boolean (true meaning HEX), NONE, HEX or ASCII.
struct ContentsArg {
    ip::IPPrintOptions::Contents how = ip::IPPrintOptions::Contents::None;
};
bool parse_value(std::string_view s, ContentsArg& v, std::string& why) {
    using C = ip::IPPrintOptions::Contents;
    std::string w = unquote(s);
    for (char& c : w) c = char(std::toupper(static_cast<unsigned char>(c)));
    if (w == "NONE" || w == "FALSE" || w == "NO")
        v.how = C::None;
    else if (w == "HEX" || w == "TRUE" || w == "YES")
        v.how = C::Hex;
    else if (w == "ASCII")
        v.how = C::Ascii;
    else {
        why = "expected NONE, HEX or ASCII";
        return false;
    }
    return true;
}
}  // namespace

int IPPrint::configure(Args& args) {
    ContentsArg contents, payload;
    Word channel;
    auto& o = options_;
    if (args.read_p("LABEL", o.label)
            .read("CONTENTS", contents)
            .read("PAYLOAD", payload)
            .read("MAXLENGTH", o.max_length)
            .read("NBYTES", o.max_length)
            .read("ID", o.id)
            .read("TIMESTAMP", o.timestamp)
            .read("PAINT", o.paint)
            .read("TOS", o.tos)
            .read("TTL", o.ttl)
            .read("SWAP", o.swap)
            .read("LENGTH", o.length)
            .read("AGGREGATE", o.aggregate)
            .read("ACTIVE", active_)
            .read("OUTFILE", outfile_)
            .read("CHANNEL", channel)
            .complete() < 0)
        return -1;
    using C = ip::IPPrintOptions::Contents;
    if (contents.how != C::None && payload.how != C::None)
        return args.error("give at most one of CONTENTS and PAYLOAD");
    o.contents = payload.how != C::None ? payload.how : contents.how;
    o.payload_only = payload.how != C::None;
    return 0;
}

int IPPrint::initialize(ErrorHandler* errh) {
    if (outfile_.empty()) return 0;
    std::string error;
    fd_ = platform::open_file_write(outfile_, false, error);
    if (fd_ < 0) return errh->error(error);  // error names the file
    return 0;
}

void IPPrint::cleanup(CleanupStage) {
    if (fd_ >= 0) platform::close_fd(fd_);
    fd_ = -1;
}

std::string IPPrint::line(const Packet* p) const {
    std::string s;
    ip::format_ip_packet(p, options_, s);
    return s;
}

void IPPrint::print(const Packet* p) {
    buffer_.clear();
    ip::format_ip_packet(p, options_, buffer_);
    buffer_ += '\n';
    if (fd_ >= 0)
        platform::write_fd_all(fd_, buffer_.data(), buffer_.size());
    else
        platform::write_stderr(buffer_);
}

void IPPrint::add_handlers() {
    add_read_handler("active", [this](Element*) { return std::string(active_ ? "true\n" : "false\n"); });
    add_write_handler("active", [this](const std::string& v, Element*, ErrorHandler* errh) {
        std::string why;
        bool b;
        if (!parse_value(v, b, why)) return errh->error("active: " + why);
        active_ = b;
        return 0;
    });
}

CLICKOS_ELEMENT(IPPrint);

}  // namespace clickos
