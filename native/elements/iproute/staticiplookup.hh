/**
 * @element StaticIPLookup
 * @synopsis StaticIPLookup(ADDR1/MASK1 [GW1] OUT1, ADDR2/MASK2 [GW2] OUT2, ...)
 * @category IP routing
 * @summary simple IP routing table whose routes are fixed by the configuration
 * @ports 1 input / any number of outputs, push
 *
 * Acts like LinearIPLookup, except that its routes cannot change at run time: it has no
 * add, set, remove or ctrl handlers. Each argument is one route,
 * `ADDR/MASK [GATEWAY] OUTPUT`; the most specific matching route sends the packet to its
 * output, replacing the destination IP annotation with the gateway if it has one. A packet
 * that no route matches is dropped.
 *
 * @arg ROUTE "ADDR/MASK [GATEWAY] OUTPUT": one route per argument
 * @handler table read: the routes, one per line: "ADDR/LEN GW OUT" separated by tabs, '-' for no gateway
 * @handler lookup read/write: write an IP address, then read "OUT [GW]" for it (-1 if no route matches)
 * @see LinearIPLookup, RadixIPLookup, DirectIPLookup, RangeIPLookup
 */
#pragma once
#include "lineariplookup.hh"

namespace clickos {

class StaticIPLookup : public LinearIPLookup {
  public:
    const char* class_name() const override { return "StaticIPLookup"; }

  protected:
    bool dynamic() const override { return false; }
};

}  // namespace clickos
