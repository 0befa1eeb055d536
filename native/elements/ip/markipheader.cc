#include "markipheader.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

int MarkIPHeader::configure(Args& args) {
    return args.read_p("OFFSET", offset_).complete();
}

CLICKOS_ELEMENT(MarkIPHeader);

}  // namespace clickos
