#include "drop_reasons.hh"

#include <algorithm>
#include <cstdio>
#include <string>

#include "clickos/platform.hh"

namespace clickos::ip {

void DropReasons::count(const Element* e, int reason) {
    if (drops_ == 0 || verbose_) {
        // Formatted on the stack: bad packets may arrive at line rate with VERBOSE.
        char buf[320];
        int n = std::snprintf(buf, sizeof buf, "%s :: %s: %s header check failed: %s\n", e->name().c_str(),
                              e->class_name(), what_, reasons_[reason]);
        if (n > 0) platform::write_stderr(std::string_view(buf, std::min(size_t(n), sizeof buf - 1)));
    }
    ++drops_;
    ++by_reason_[reason];
}

void DropReasons::add_handlers(Element* e) {
    e->add_read_handler("drops", [this](Element*) { return std::to_string(drops_) + "\n"; });
    if (!details_) return;
    e->add_read_handler("drop_details", [this](Element*) {
        std::string s;
        for (int i = 0; i < nreasons_; ++i) s += std::to_string(by_reason_[i]) + "\t" + reasons_[i] + "\n";
        return s;
    });
}

}  // namespace clickos::ip
