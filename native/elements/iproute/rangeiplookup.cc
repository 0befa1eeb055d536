#include "rangeiplookup.hh"

#include "clickos/element_class.hh"

namespace clickos {

void RangeIPLookup::structure_commit() {
    if (!dirty_) return;
    dirty_ = false;
    NextHopTable hops;
    std::vector<RangeTable::Prefix> prefixes;
    // The route set is ordered by address, then by mask: shorter prefixes first.
    for_each_route([&](const IPRoute& r) {
        prefixes.push_back({ntohl(r.addr), r.prefix_len(), hops.acquire(r.gw, r.port)});
    });
    RangeTable ranges;
    ranges.build(prefixes);
    ranges_ = std::move(ranges);
    hops_ = std::move(hops);
}

CLICKOS_ELEMENT(RangeIPLookup);

}  // namespace clickos
