/**
 * @element DriverManager
 * @synopsis DriverManager(INSTRUCTIONS...)
 * @category control
 * @summary decides when the router stops: a Script of TYPE DRIVER
 * @ports none
 *
 * A Script whose TYPE defaults to DRIVER. Stop requests (an element's STOP option, a write to
 * the global `stop` handler, a Script's `stop`, or the router running out of work) no longer
 * stop the router: each advances this script by one step, so `pause` (also `wait_stop N`,
 * or `wait` without a time) waits for stop requests. The router stops when the script executes
 * `stop` or reaches its end. With no instructions it waits for one stop request and stops, as
 * without a DriverManager. At most one DriverManager (or DRIVER Script) per router.
 *
 * For example `DriverManager(wait_stop, print c.count, stop)` prints a counter once a source
 * has asked to stop, and `DriverManager(wait 2s, stop)` runs the router for two seconds.
 * Every Script instruction works here; see Script. The old instructions `wait_time TIME`,
 * `wait_stop [N]`, `write_skip HANDLER [VALUE]`, `save HANDLER FILE` and `append HANDLER FILE`
 * are accepted too.
 *
 * @arg TYPE keyword: DRIVER (default), or ACTIVE or PASSIVE as for Script
 * @arg CHECK_HANDLERS boolean: accepted for compatibility; handlers are checked when called
 * @arg INSTRUCTIONS instruction: one per argument, as for Script
 * @handler step write: as for Script; `router` takes a step as a stop request would
 * @handler goto write: as for Script
 * @handler run read/write: as for Script
 * @see Script
 */
#pragma once
#include "script.hh"

namespace clickos {

class DriverManager : public Script {
  public:
    DriverManager() : Script(Type::Driver) {}
    const char* class_name() const override { return "DriverManager"; }
};

}  // namespace clickos
