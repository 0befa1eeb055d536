/**
 * @element DirectIPLookup
 * @synopsis DirectIPLookup(ADDR1/MASK1 [GW1] OUT1, ADDR2/MASK2 [GW2] OUT2, ...)
 * @category IP routing
 * @summary IP routing table with direct-indexed tables (DIR-24-8)
 * @ports 1 input / any number of outputs, push
 *
 * Routes each packet by the longest prefix that matches its destination IP address
 * annotation. If that route has a gateway, the annotation becomes the gateway; the packet
 * then leaves on the route's output. A packet that no route matches is dropped. Each
 * argument is one route, `ADDR/MASK [GATEWAY] OUTPUT`; a bare ADDR means ADDR/32, and
 * masks must be prefixes.
 *
 * The table is DIR-24-8 (Gupta, Lin and McKeown, "Routing Lookups in Hardware at Memory
 * Access Speeds", Infocom 1998): the first 24 bits of the address index a table of 2^24
 * entries, and prefixes longer than 24 bits get a second-level table of 256 entries, so a
 * lookup takes one or two memory reads whatever the size of the table. The price is
 * memory: the first-level table is 64 MB of address space, committed as routes cover it.
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
 * @see RadixIPLookup, RangeIPLookup, LinearIPLookup, StaticIPLookup
 */
#pragma once
#include "trie_iplookup.hh"

namespace clickos {

class DirectIPLookup : public TrieIPLookup<DirectIPLookup, 24, 8> {
  public:
    const char* class_name() const override { return "DirectIPLookup"; }

  protected:
    bool has_flush() const override { return true; }
};

}  // namespace clickos
