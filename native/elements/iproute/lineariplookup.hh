/**
 * @element LinearIPLookup
 * @synopsis LinearIPLookup(ADDR1/MASK1 [GW1] OUT1, ADDR2/MASK2 [GW2] OUT2, ...)
 * @category IP routing
 * @summary simple IP routing table searched route by route
 * @ports 1 input / any number of outputs, push
 *
 * Routes each packet by the most specific route that matches its destination IP address
 * annotation. If that route has a gateway, the annotation becomes the gateway; the packet
 * then leaves on the route's output. A packet that no route matches is dropped. Each
 * argument is one route, `ADDR/MASK [GATEWAY] OUTPUT`; a bare ADDR means ADDR/32.
 *
 * The routes are kept in a list ordered from the most specific mask to the least and
 * searched in order, so lookups cost time in proportion to the number of routes: use it
 * for small tables, and RadixIPLookup or DirectIPLookup for large ones. Unlike those, it
 * accepts masks that are not prefixes (the mask with more one bits is the more specific).
 *
 * Routes can change at run time through the handlers; each write is checked first and
 * applied whole. On hot-swap, routes added or set through handlers are kept when the new
 * element has the same name and class.
 *
 * @arg ROUTE "ADDR/MASK [GATEWAY] OUTPUT": one route per argument
 * @handler table read: the routes, one per line: "ADDR/LEN GW OUT" separated by tabs, '-' for no gateway
 * @handler lookup read/write: write an IP address, then read "OUT [GW]" for it (-1 if no route matches)
 * @handler add write: adds a route "ADDR/MASK [GW] OUT"; fails if ADDR/MASK already has one
 * @handler set write: adds or replaces the route for ADDR/MASK
 * @handler remove write: removes the route "ADDR/MASK [[GW] OUT]" (GW and OUT must match when given)
 * @handler ctrl write: lines of "add ROUTE", "set ROUTE" or "remove ROUTE", applied all or none
 * @see StaticIPLookup, RadixIPLookup, DirectIPLookup, RangeIPLookup
 */
#pragma once
#include <vector>

#include "iproutetable.hh"

namespace clickos {

class LinearIPLookup : public IPRouteTableImpl<LinearIPLookup> {
  public:
    const char* class_name() const override { return "LinearIPLookup"; }

    int lookup(uint32_t dst, uint32_t& gw) const {
        for (const Entry& e : entries_)
            if ((dst & e.mask) == e.addr) {
                gw = e.gw;
                return e.port;
            }
        gw = 0;
        return -1;
    }

  protected:
    bool prefix_masks_only() const override { return false; }
    void structure_set(const IPRoute& r, const IPRoute* replaced) override;
    void structure_erase(const IPRoute& r, const IPRoute*) override;
    void structure_clear() override { entries_.clear(); }

  private:
    struct Entry {
        uint32_t addr, mask, gw;
        int32_t port;
        int bits;  // one bits in the mask: more is more specific
    };
    std::vector<Entry> entries_;  // most specific first
};

}  // namespace clickos
