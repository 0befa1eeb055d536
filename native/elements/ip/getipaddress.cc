#include "getipaddress.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "ip_anno_arg.hh"

namespace clickos {

namespace {
struct IPField {  // "src" or "dst"
    bool dst = true;
};
bool parse_value(std::string_view s, IPField& v, std::string& why) {
    std::string w = unquote(s);
    if (w == "src" || w == "dst") {
        v.dst = w == "dst";
        return true;
    }
    why = "expected 'src' or 'dst'";
    return false;
}
}  // namespace

int GetIPAddress::configure(Args& args) {
    IPAddressAnno anno;
    IPField field;
    if (args.read_p("OFFSET", offset_).read_p("ANNO", anno).read("IP", field).complete() < 0) return -1;
    if (args.given("OFFSET") == args.given("IP")) return args.error("give exactly one of OFFSET and IP");
    anno_ = anno.offset;
    if (args.given("IP")) source_ = field.dst ? Source::IPDst : Source::IPSrc;
    return 0;
}

CLICKOS_ELEMENT(GetIPAddress);

}  // namespace clickos
