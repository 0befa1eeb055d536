// Drop accounting shared by the header checkers (CheckIPHeader, CheckTCPHeader, ...): the
// `drops` count, per-reason counts for `drop_details` (DETAILS), and the console message
// printed for the first bad packet, or for every one with VERBOSE.
#pragma once
#include <cstdint>

#include "clickos/element.hh"

namespace clickos::ip {

class DropReasons {
  public:
    static constexpr int max_reasons = 8;

    // `what` names the header in messages ("IP", "TCP"); `reasons` are the texts of the
    // reasons, in the order of the codes passed to count().
    DropReasons(const char* what, const char* const* reasons, int nreasons)
        : what_(what), reasons_(reasons), nreasons_(nreasons) {}

    void set_verbose(bool v) { verbose_ = v; }
    void set_details(bool v) { details_ = v; }

    // Records one bad packet; prints "<element>: <what> header check failed: <reason>".
    void count(const Element* e, int reason);

    uint64_t drops() const { return drops_; }
    uint64_t drops(int reason) const { return by_reason_[reason]; }

    // `drops`, and `drop_details` if DETAILS was set.
    void add_handlers(Element* e);

  private:
    const char* what_;
    const char* const* reasons_;
    int nreasons_;
    bool verbose_ = false;
    bool details_ = false;
    uint64_t drops_ = 0;
    uint64_t by_reason_[max_reasons] = {};
};

}  // namespace clickos::ip
