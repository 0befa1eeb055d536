#include "adjusttimestamp.hh"

#include "argument.hh"
#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "signed_time.hh"

namespace clickos {

using analysis::SignedSeconds;

int AdjustTimestamp::configure(Args& args) {
    SignedSeconds time;
    bool first = false;
    if (args.read_mp("TIME", time).read("FIRST", first).read("ALL", all_).complete() < 0) return -1;
    if (first)
        return analysis::error_at(args, "FIRST", -1,
                                  "FIRST: packets have no separate first timestamp; only false is accepted");
    delta_ = time.value;
    return 0;
}

void AdjustTimestamp::add_handlers() {
    add_read_handler("time", [this](Element*) { return analysis::signed_str(delta_) + "\n"; });
    add_write_handler("time", [this](const std::string& v, Element*, ErrorHandler* errh) {
        SignedSeconds t;
        std::string why;
        if (!analysis::parse_value(v, t, why)) return errh->error("time: " + why);
        delta_ = t.value;
        return 0;
    });
}

CLICKOS_ELEMENT(AdjustTimestamp);

}  // namespace clickos
