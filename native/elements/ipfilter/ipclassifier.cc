#include "ipclassifier.hh"

#include "clickos/element_class.hh"

namespace clickos {

bool IPClassifier::parse_rule(size_t index, std::string_view arg, ipfilter::RuleText& rule, std::string&,
                              size_t&) const {
    rule = {arg, int(index)};
    return true;
}

bool IPClassifier::check_count(size_t nrules, ErrorHandler* errh) const {
    if (int(nrules) == noutputs()) return true;
    errh->error(std::to_string(nrules) + (nrules == 1 ? " pattern" : " patterns") + " for " +
                std::to_string(noutputs()) + (noutputs() == 1 ? " output" : " outputs") + " (one pattern per output)");
    return false;
}

CLICKOS_ELEMENT(IPClassifier);

}  // namespace clickos
