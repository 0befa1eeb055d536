#include "lineariplookup.hh"

#include <algorithm>

#include "clickos/element_class.hh"

namespace clickos {

void LinearIPLookup::structure_set(const IPRoute& r, const IPRoute* replaced) {
    if (replaced) {
        for (Entry& e : entries_)
            if (e.addr == r.addr && e.mask == r.mask) {
                e.gw = r.gw;
                e.port = r.port;
                return;
            }
    }
    Entry n{r.addr, r.mask, r.gw, r.port, __builtin_popcount(r.mask)};
    // After the routes at least as specific, so equally specific routes keep their order.
    auto at = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.bits < n.bits; });
    entries_.insert(at, n);
}

void LinearIPLookup::structure_erase(const IPRoute& r, const IPRoute*) {
    entries_.erase(std::remove_if(entries_.begin(), entries_.end(),
                                  [&](const Entry& e) { return e.addr == r.addr && e.mask == r.mask; }),
                   entries_.end());
}

CLICKOS_ELEMENT(LinearIPLookup);

}  // namespace clickos
