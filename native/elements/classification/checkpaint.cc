#include "checkpaint.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

int CheckPaint::configure(Args& args) {
    AnnoOffset anno{anno::paint};
    if (args.read_mp("COLOR", color_).read_p("ANNO", anno).complete() < 0) return -1;
    anno_ = anno.offset;
    return 0;
}

void CheckPaint::add_handlers() {
    add_read_handler("color", [this](Element*) { return std::to_string(color_) + "\n"; });
    add_write_handler("color", [this](const std::string& v, Element*, ErrorHandler* errh) {
        std::string why;
        uint8_t c;
        if (!parse_value(v, c, why)) return errh->error("color: " + why);
        color_ = c;
        return 0;
    });
}

CLICKOS_ELEMENT(CheckPaint);

}  // namespace clickos
