/**
 * @element ScheduleInfo
 * @synopsis ScheduleInfo(ELEMENT PARAM, ...)
 * @category information
 * @summary sets how often elements' tasks run, relative to each other
 * @ports no ports
 *
 * Each argument "ELEMENT PARAM" gives the element named ELEMENT the scheduling parameter
 * PARAM, a non-negative real number: an element with parameter 2 runs its task twice as often
 * as one with 1, which is everyone's default. The parameter becomes the task's tickets
 * (PARAM x 1024, between 1 and 32768) before the task starts, as if written to the
 * element's tickets handler; elements without a tickets handler (no task) are not affected.
 *
 * Inside a compound element, ScheduleInfo names are relative to the compound: in
 * "elementclass C { i :: InfiniteSource -> output; ScheduleInfo(i 0.5) } c :: C",
 * the parameter belongs to c/i. A ScheduleInfo outside may name the compound itself
 * ("ScheduleInfo(c 4)"), which scales the parameters of everything inside it: c/i then gets
 * 4 x 0.5 = 2. An outer ScheduleInfo may also name a component directly ("c/i 10.5"), which
 * overrides what the compound says. ELEMENT must name an element or a compound.
 *
 * @arg ELEMENT_PARAM "ELEMENT PARAM": an element or compound name and its parameter
 * @see StrideSched, Unqueue, InfiniteSource
 */
#pragma once
#include <string>
#include <vector>

#include "clickos/element.hh"

namespace clickos {

class ScheduleInfo : public Element {
  public:
    static constexpr int default_tickets = 1024;  // the tickets of parameter 1

    const char* class_name() const override { return "ScheduleInfo"; }
    int configure_phase() const override { return CONFIGURE_PHASE_INFO; }
    int configure(Args& args) override;
    int initialize(ErrorHandler* errh) override;

    // The parameter every ScheduleInfo of `router` gives the element or compound `name`;
    // false if none says anything about it (the parameter is then 1).
    static bool parameter(Router* router, const std::string& name, double& value);

  private:
    struct Entry {
        std::string name;  // full name, with this element's compound prefix
        double value;
    };
    // This element's compound prefix ("c/" for "c/ScheduleInfo@2", "" at top level).
    std::string prefix() const;

    std::vector<Entry> entries_;
};

}  // namespace clickos
