#include "range_table.hh"

namespace clickos {

void RangeTable::build(const std::vector<Prefix>& prefixes) {
    std::vector<uint32_t> starts, values;
    // A new range at `start`; a later range at the same start replaces it, and ranges
    // equal to the one before are merged into it.
    auto emit = [&](uint32_t start, uint32_t value) {
        if (!starts.empty() && starts.back() == start) {
            values.back() = value;
            if (starts.size() >= 2 && values[values.size() - 2] == value) {
                starts.pop_back();
                values.pop_back();
            }
            return;
        }
        if (!values.empty() && values.back() == value) return;
        starts.push_back(start);
        values.push_back(value);
    };
    struct Open {
        uint32_t end;
        uint32_t value;
    };
    std::vector<Open> open;  // the prefixes containing the current address, outermost first
    auto close = [&]() {
        Open t = open.back();
        open.pop_back();
        if (t.end != 0xffffffffu) emit(t.end + 1, open.empty() ? 0 : open.back().value);
    };
    emit(0, 0);
    for (const Prefix& p : prefixes) {
        uint32_t mask = p.len == 0 ? 0 : 0xffffffffu << (32 - p.len);
        while (!open.empty() && open.back().end < p.addr) close();
        emit(p.addr, p.value);
        open.push_back({p.addr | ~mask, p.value});
    }
    while (!open.empty()) close();

    std::vector<uint32_t> first((size_t(1) << index_bits) + 1);
    size_t i = 0;
    for (uint32_t b = 0; b < (1u << index_bits); ++b) {
        uint32_t start = b << (32 - index_bits);
        while (i + 1 < starts.size() && starts[i + 1] <= start) ++i;
        first[b] = uint32_t(i);
    }
    // Past the last bucket: the last range (the search never looks beyond it).
    first[size_t(1) << index_bits] = uint32_t(starts.size() - 1);
    starts_.swap(starts);
    values_.swap(values);
    first_.swap(first);
}

}  // namespace clickos
