#include "classifier_pattern.hh"

#include <vector>

namespace clickos::classification {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_pattern_digit(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '?';
}
// A nibble's value and mask: '?' tests nothing.
void nibble(char c, uint8_t& value, uint8_t& mask) {
    if (c == '?') {
        value = mask = 0;
        return;
    }
    value = uint8_t(is_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
    mask = 0xF;
}

struct Parser {
    std::string_view s;
    size_t i = 0;
    PatternError& error;

    bool fail(size_t pos, std::string message) {
        error.position = pos;
        error.message = std::move(message);
        return false;
    }
    void skip_spaces() {
        while (i < s.size() && is_space(s[i])) ++i;
    }
    size_t scan_digits() {
        size_t start = i;
        while (i < s.size() && is_pattern_digit(s[i])) ++i;
        return i - start;
    }

    // One clause at i (not at a space); appends its expression.
    bool clause(ExprBuilder& b, std::vector<ExprBuilder::Id>& out) {
        bool negated = false;
        if (s[i] == '!') {
            negated = true;
            ++i;
            skip_spaces();
        }
        if (i >= s.size() || !is_digit(s[i]))
            return fail(i, i >= s.size() ? "expected an offset after '!'"
                                         : std::string("expected an offset (decimal), found '") + s[i] + "'");
        size_t offset_pos = i;
        uint64_t offset = 0;
        while (i < s.size() && is_digit(s[i])) {
            offset = offset * 10 + uint64_t(s[i] - '0');
            if (offset > max_pattern_offset)
                return fail(offset_pos, "offset too large (at most " + std::to_string(max_pattern_offset) + ")");
            ++i;
        }
        if (i >= s.size() || s[i] != '/') return fail(i, "expected '/' after the offset");
        ++i;
        size_t value_pos = i;
        size_t nvalue = scan_digits();
        size_t mask_pos = 0, nmask = 0;
        bool has_mask = false;
        if (i < s.size() && s[i] == '%') {
            has_mask = true;
            mask_pos = ++i;
            nmask = scan_digits();
        }
        if (i < s.size() && !is_space(s[i]))
            return fail(i, std::string("unexpected '") + s[i] + "' in clause (hex digits or '?' expected)");
        if (nvalue < 2) return fail(value_pos, "value needs at least 2 hex digits");
        if (nvalue % 2) return fail(value_pos, "value has an odd number of hex digits");
        if (has_mask && nmask != nvalue)
            return fail(mask_pos, "mask has " + std::to_string(nmask) + " hex digits, the value " +
                                      std::to_string(nvalue) + " (they must match)");
        size_t n = nvalue / 2;
        std::vector<uint8_t> value(n), mask(n);
        for (size_t k = 0; k < n; ++k) {
            uint8_t vh, mh, vl, ml;
            nibble(s[value_pos + 2 * k], vh, mh);
            nibble(s[value_pos + 2 * k + 1], vl, ml);
            value[k] = uint8_t(vh << 4 | vl);
            mask[k] = uint8_t(mh << 4 | ml);
            if (has_mask) {
                uint8_t xh, yh, xl, yl;  // '?' in a mask clears the nibble too
                nibble(s[mask_pos + 2 * k], xh, yh);
                nibble(s[mask_pos + 2 * k + 1], xl, yl);
                mask[k] &= uint8_t((xh & yh) << 4 | (xl & yl));
            }
        }
        ExprBuilder::Id e = b.bytes(Base::Data, uint32_t(offset), value.data(), mask.data(), n);
        out.push_back(negated ? b.negate(e) : e);
        return true;
    }
};

}  // namespace

bool parse_classifier_pattern(std::string_view text, ExprBuilder& b, ExprBuilder::Id& out, PatternError& error) {
    Parser p{text, 0, error};
    p.skip_spaces();
    size_t end = text.size();
    while (end > p.i && is_space(text[end - 1])) --end;
    if (text.substr(p.i, end - p.i) == "-") {
        out = b.always();
        return true;
    }
    std::vector<ExprBuilder::Id> clauses;
    for (p.skip_spaces(); p.i < text.size(); p.skip_spaces())
        if (!p.clause(b, clauses)) return false;
    out = b.all_of(std::move(clauses));
    return true;
}

}  // namespace clickos::classification
