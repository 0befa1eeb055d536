/**
 * @element RangeIPLookup
 * @synopsis RangeIPLookup(ADDR1/MASK1 [GW1] OUT1, ADDR2/MASK2 [GW2] OUT2, ...)
 * @category IP routing
 * @summary IP routing table searched by binary search over a compact range table
 * @ports 1 input / any number of outputs, push
 *
 * Routes each packet by the longest prefix that matches its destination IP address
 * annotation. If that route has a gateway, the annotation becomes the gateway; the packet
 * then leaves on the route's output. A packet that no route matches is dropped. Each
 * argument is one route, `ADDR/MASK [GATEWAY] OUTPUT`; a bare ADDR means ADDR/32, and
 * masks must be prefixes.
 *
 * The routes are flattened into the address ranges they decide, about one per route,
 * sorted by start address and found by binary search after a 12-bit index narrows the
 * search: a few bytes per route, so the table stays in the CPU caches. Any change
 * rebuilds the range table (in time proportional to the number of routes), once per
 * handler write.
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
 * @handler flush write: removes every route at once
 * @see RadixIPLookup, DirectIPLookup, LinearIPLookup, StaticIPLookup
 */
#pragma once
#include <arpa/inet.h>

#include "iproutetable.hh"
#include "next_hops.hh"
#include "range_table.hh"

namespace clickos {

class RangeIPLookup : public IPRouteTableImpl<RangeIPLookup> {
  public:
    const char* class_name() const override { return "RangeIPLookup"; }

    int lookup(uint32_t dst, uint32_t& gw) const {
        const NextHop& h = hops_[ranges_.lookup(ntohl(dst))];
        gw = h.gw;
        return h.port;
    }

  protected:
    bool has_flush() const override { return true; }
    void structure_set(const IPRoute&, const IPRoute*) override { dirty_ = true; }
    void structure_erase(const IPRoute&, const IPRoute*) override { dirty_ = true; }
    void structure_clear() override { dirty_ = true; }
    void structure_commit() override;

  private:
    RangeTable ranges_;
    NextHopTable hops_;
    bool dirty_ = false;
};

}  // namespace clickos
