/**
 * @element RadixIPLookup
 * @synopsis RadixIPLookup(ADDR1/MASK1 [GW1] OUT1, ADDR2/MASK2 [GW2] OUT2, ...)
 * @category IP routing
 * @summary IP routing table for fast lookups in large tables (multibit trie)
 * @ports 1 input / any number of outputs, push
 *
 * Routes each packet by the longest prefix that matches its destination IP address
 * annotation. If that route has a gateway, the annotation becomes the gateway; the packet
 * then leaves on the route's output. A packet that no route matches is dropped. Each
 * argument is one route, `ADDR/MASK [GATEWAY] OUTPUT`; a bare ADDR means ADDR/32, and
 * masks must be prefixes. When a prefix is given twice the later route wins (with a
 * warning).
 *
 * The table is a multibit trie: the first 20 address bits index a root table, then 4 bits
 * per level, so a lookup reads at most four entries (two for prefixes up to /24) and never
 * compares prefixes, and every trie node below the root is one 64-byte cache line. Large
 * tables stay compact: 100,000 routes take about 10 MB. Batches are split into one batch
 * per output.
 *
 * Routes can change at run time through the handlers; each write is checked first and
 * applied whole, so packets never see a half-updated table. On hot-swap, routes added or
 * set through handlers are kept when the new element has the same name and class; the
 * other routes come from the new configuration.
 *
 * @arg ROUTE "ADDR/MASK [GATEWAY] OUTPUT": one route per argument
 * @handler table read: the routes, one per line: "ADDR/LEN GW OUT" separated by tabs, '-' for no gateway
 * @handler lookup read/write: write an IP address, then read "OUT [GW]" for it (-1 if no route matches)
 * @handler add write: adds a route "ADDR/MASK [GW] OUT"; fails if ADDR/MASK already has one
 * @handler set write: adds or replaces the route for ADDR/MASK
 * @handler remove write: removes the route "ADDR/MASK [[GW] OUT]" (GW and OUT must match when given)
 * @handler ctrl write: lines of "add ROUTE", "set ROUTE" or "remove ROUTE", applied all or none
 * @see DirectIPLookup, RangeIPLookup, LinearIPLookup, StaticIPLookup
 */
#pragma once
#include "trie_iplookup.hh"

namespace clickos {

class RadixIPLookup : public TrieIPLookup<RadixIPLookup, 20, 4> {
  public:
    const char* class_name() const override { return "RadixIPLookup"; }
};

}  // namespace clickos
