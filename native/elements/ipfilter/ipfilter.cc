#include "ipfilter.hh"

#include "clickos/element_class.hh"

namespace clickos {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

bool IPFilter::parse_rule(size_t, std::string_view arg, ipfilter::RuleText& rule, std::string& message,
                          size_t& position) const {
    size_t end = 0;
    while (end < arg.size() && !is_space(arg[end])) ++end;
    std::string_view action = arg.substr(0, end);
    int output;
    if (action == "allow") {
        output = 0;
    } else if (action == "drop" || action == "deny") {
        output = -1;
    } else if (!action.empty() && action.size() <= 9 &&
               action.find_first_not_of("0123456789") == std::string_view::npos) {
        output = std::stoi(std::string(action));
    } else {
        position = 0;
        message = action.empty()
                      ? "missing action (allow, deny, drop or an output number)"
                      : "unknown action '" + std::string(action) + "' (allow, deny, drop or an output number)";
        return false;
    }
    if (output >= noutputs()) {
        position = 0;
        message = "output " + std::to_string(output) + " out of range (the element has " +
                  (noutputs() == 0   ? std::string("no outputs")
                   : noutputs() == 1 ? std::string("1 output")
                                     : std::to_string(noutputs()) + " outputs") +
                  ")";
        return false;
    }
    size_t start = end;
    while (start < arg.size() && is_space(arg[start])) ++start;
    if (start == arg.size()) {
        position = arg.size();
        message = "missing pattern after '" + std::string(action) + "'";
        return false;
    }
    rule = {arg.substr(start), output};
    return true;
}

CLICKOS_ELEMENT(IPFilter);

}  // namespace clickos
