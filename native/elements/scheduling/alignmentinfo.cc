#include "alignmentinfo.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/router.hh"

namespace clickos {

int AlignmentInfo::configure(Args& args) {
    std::vector<std::string> rest;
    if (args.read_rest(rest).complete() < 0) return -1;
    int errors = 0;
    for (const auto& a : args.args()) {
        std::vector<std::string> words;
        size_t i = 0;
        while (i < a.value.size()) {
            size_t b = a.value.find_first_not_of(" \t\r\n", i);
            if (b == std::string::npos) break;
            size_t e = a.value.find_first_of(" \t\r\n", b);
            if (e == std::string::npos) e = a.value.size();
            words.push_back(a.value.substr(b, e - b));
            i = e;
        }
        if (words.empty() || words.size() % 2 == 0) {
            args.error_at(a, "expected 'ELEMENT [MODULUS OFFSET ...]', not '" + a.value + "'");
            ++errors;
            continue;
        }
        const Element* e = router()->find(words[0], this);
        if (!e) {
            args.error_at(a, "no element named '" + words[0] + "'");
            ++errors;
            continue;
        }
        Entry entry{e, {}};
        for (size_t w = 1; w + 1 < words.size(); w += 2) {
            uint32_t modulus = 0, offset = 0;
            std::string why;
            if (!parse_value(words[w], modulus, why) || !parse_value(words[w + 1], offset, why) || modulus == 0 ||
                offset >= modulus) {
                args.error_at(a, "bad alignment '" + words[w] + " " + words[w + 1] +
                                     "': MODULUS must be positive and OFFSET smaller than MODULUS");
                ++errors;
                break;
            }
            entry.inputs.push_back({modulus, offset});
        }
        entries_.push_back(std::move(entry));
    }
    return errors ? -1 : 0;
}

bool AlignmentInfo::query(const Element* e, int port, uint32_t& modulus, uint32_t& offset) const {
    for (const Entry& entry : entries_)
        if (entry.element == e && port >= 0 && size_t(port) < entry.inputs.size()) {
            modulus = entry.inputs[size_t(port)].first;
            offset = entry.inputs[size_t(port)].second;
            return true;
        }
    return false;
}

CLICKOS_ELEMENT(AlignmentInfo);

}  // namespace clickos
