#include "settimestampdelta.hh"

#include "argument.hh"
#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

int SetTimestampDelta::configure(Args& args) {
    Word type{"RANGE"};
    if (args.read_p("TYPE", type).complete() < 0) return -1;
    if (type.text == "NOW")
        now_ = true;
    else if (type.text == "FIRST")
        return analysis::error_at(args, "TYPE", 0,
                                  "TYPE: FIRST needs a first-timestamp annotation, which packets do not have");
    else if (type.text != "RANGE")
        return analysis::error_at(args, "TYPE", 0, "TYPE: expected RANGE or NOW, found '" + type.text + "'");
    return 0;
}

void SetTimestampDelta::add_handlers() {
    add_read_handler("first", [this](Element*) { return first_.str() + "\n"; });
    add_write_handler(
        "reset",
        [this](const std::string&, Element*, ErrorHandler*) {
            first_ = Timestamp{};
            return 0;
        },
        HANDLER_BUTTON);
}

CLICKOS_ELEMENT(SetTimestampDelta);

}  // namespace clickos
