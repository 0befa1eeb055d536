#include "clipboard.hh"

#include <cstring>

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

namespace {
constexpr uint64_t max_end = 65535;
}  // namespace

int Clipboard::configure(Args& args) {
    std::vector<std::string> rest;
    if (args.read_rest(rest).complete() < 0) return -1;
    if (rest.empty()) return args.error("expected at least one RANGE (OFFSET/LENGTH)");
    int errors = 0;
    std::vector<Range> ranges;
    uint64_t total = 0, min_length = 0;
    for (const auto& a : args.args()) {
        size_t slash = a.value.find('/');
        uint32_t offset = 0, length = 0;
        std::string why;
        if (slash == std::string::npos || !parse_value(a.value.substr(0, slash), offset, why) ||
            !parse_value(a.value.substr(slash + 1), length, why)) {
            args.error_at(a, "RANGE: expected OFFSET/LENGTH, for example 12/4, not '" + a.value + "'");
            ++errors;
            continue;
        }
        if (uint64_t(offset) + length > max_end) {
            args.error_at(a, "RANGE: '" + a.value + "' ends past byte 65535");
            ++errors;
            continue;
        }
        ranges.push_back(Range{offset, length});
        total += length;
        min_length = std::max<uint64_t>(min_length, uint64_t(offset) + length);
    }
    if (errors) return -1;
    ranges_ = std::move(ranges);
    clipboard_.assign(size_t(total), 0);
    min_length_ = uint32_t(min_length);
    return 0;
}

void Clipboard::copy(const Packet* p) {
    if (p->length() < min_length_) return;
    uint8_t* to = clipboard_.data();
    for (const Range& r : ranges_) {
        std::memcpy(to, p->data() + r.offset, r.length);
        to += r.length;
    }
}

Packet* Clipboard::paste(Packet* p) {
    if (p->length() < min_length_ || clipboard_.empty()) return p;
    if (!(p = p->uniqueify())) return nullptr;
    const uint8_t* from = clipboard_.data();
    for (const Range& r : ranges_) {
        std::memcpy(p->mutable_data() + r.offset, from, r.length);
        from += r.length;
    }
    return p;
}

CLICKOS_ELEMENT(Clipboard);

}  // namespace clickos
