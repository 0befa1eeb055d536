/**
 * @element RandomSeed
 * @synopsis RandomSeed([SEED])
 * @category control
 * @summary sets the seed of the engine's random numbers
 * @ports no ports
 *
 * Restarts the engine's shared pseudo-random generator from SEED, before any other element
 * is configured, so that the random choices that draw on it repeat from run to run; without
 * SEED the seed is taken from the clock. Elements draw on the shared generator when they
 * are configured (RandomSwitch takes its seed from it) or while running.
 *
 * Unlike Click, the engine does not reseed the generator whenever a router is configured:
 * without RandomSeed it is seeded from the clock once per process, so every instance differs.
 *
 * @arg SEED unsigned: the seed (default: from the clock)
 * @handler seed write: restarts the generator from the value written, or from the clock if
 *   the value is empty
 * @see RandomSwitch
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class RandomSeed : public Element {
  public:
    const char* class_name() const override { return "RandomSeed"; }
    int configure_phase() const override { return CONFIGURE_PHASE_FIRST; }
    int configure(Args& args) override;
    void add_handlers() override;
};

}  // namespace clickos
