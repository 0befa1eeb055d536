#include "print.hh"

#include <cctype>
#include <cstdio>

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/platform.hh"

namespace clickos {

namespace {

const char hex_digits[] = "0123456789abcdef";

// Bytes as hex digits, a space after every fourth byte but the last.
void append_hex(std::string& out, const uint8_t* data, size_t n) {
    for (size_t i = 0; i < n; ++i) {
        if (i && (i & 3) == 0) out += ' ';
        out += hex_digits[data[i] >> 4];
        out += hex_digits[data[i] & 15];
    }
}

}  // namespace

int Print::configure(Args& args) {
    Word contents{"HEX"};
    bool cpu = false;
    if (args.read_p("LABEL", label_)
            .read_p("MAXLENGTH", maxlength_)
            .read("CONTENTS", contents)
            .read("TIMESTAMP", timestamp_)
            .read("PRINTANNO", print_anno_)
            .read("HEADROOM", headroom_)
            .read("CPU", cpu)
            .read("ACTIVE", active_)
            .complete() < 0)
        return -1;
    std::string c = contents.text;
    for (char& ch : c) ch = char(std::toupper(static_cast<unsigned char>(ch)));
    if (c == "NONE" || c == "FALSE")
        contents_ = Contents::None;
    else if (c == "HEX" || c == "TRUE")
        contents_ = Contents::Hex;
    else if (c == "ASCII")
        contents_ = Contents::Ascii;
    else
        return args.error("CONTENTS must be NONE, HEX or ASCII, found '" + contents.text + "'");
    return 0;
}

void Print::format(const Packet* p, std::string& out) const {
    char num[48];
    out.clear();
    if (!label_.empty()) {
        out += label_;
        out += ':';
    }
    if (timestamp_) {
        if (!out.empty()) out += ' ';
        out += p->timestamp_anno().str();
        out += ':';
    }
    std::snprintf(num, sizeof num, out.empty() ? "%4u" : " %4u", p->length());
    out += num;
    if (headroom_) {
        std::snprintf(num, sizeof num, " (h%u t%u)", p->headroom(), p->tailroom());
        out += num;
    }
    if (print_anno_) {
        out += " | ";
        append_hex(out, p->anno(), anno::size);
    }
    if (contents_ == Contents::None) return;
    size_t n = p->length();
    if (maxlength_ >= 0 && n > size_t(maxlength_)) n = size_t(maxlength_);
    if (n == 0) return;
    out += " | ";
    if (contents_ == Contents::Hex)
        append_hex(out, p->data(), n);
    else
        for (size_t i = 0; i < n; ++i) {
            uint8_t c = p->data()[i];
            out += c >= 0x20 && c < 0x7f ? char(c) : '.';
        }
}

void Print::print(const Packet* p) {
    format(p, line_);
    line_ += '\n';
    platform::write_stderr(line_);
}

void Print::add_handlers() {
    add_read_handler("active", [this](Element*) { return std::string(active_ ? "true\n" : "false\n"); });
    add_write_handler("active", [this](const std::string& v, Element*, ErrorHandler* errh) {
        bool b;
        std::string why;
        if (!parse_value(v, b, why)) return errh->error("active: " + why);
        active_ = b;
        return 0;
    });
}

CLICKOS_ELEMENT(Print);

}  // namespace clickos
