#include "device_args.hh"

namespace clickos::device_args {

int refuse(Args& args, const char* keyword, const std::string& message) {
    for (const auto& a : args.args())
        if (a.keyword == keyword) return args.error_at(a, message);
    return args.error(message);
}

int check_method(Args& args, const char* keyword, const std::string& method) {
    if (method.empty() || method == "LINUX") return 0;
    return refuse(args, keyword,
                  std::string(keyword) + " " + method +
                      " is not available: devices are reached with AF_PACKET "
                      "(METHOD LINUX)");
}

int refuse_interface_keywords(Args& args, std::initializer_list<const char*> keywords, const char* element) {
    for (const auto& a : args.args()) {
        // Positional arguments still hold "KEYWORD value" when the keyword is unknown.
        std::string word = a.keyword.empty() ? a.value.substr(0, a.value.find_first_of(" \t\n")) : a.keyword;
        for (const char* k : keywords)
            if (word == k)
                return args.error_at(a, word + " is a keyword of " + element +
                                            " on a Linux interface; inside an "
                                            "instance " +
                                            element + " is a netfront port and takes the arguments of " +
                                            (std::string(element) == "FromDevice" ? "FromNetfront" : "ToNetfront"));
    }
    return 0;
}

std::string explain_open_error(const std::string& ifname, const std::string& error) {
    bool number = !ifname.empty() && ifname.find_first_not_of("0123456789") == std::string::npos;
    if (!number || error.rfind("no interface", 0) != 0) return error;
    return error +
           " (outside an instance, FromDevice and ToDevice name a Linux interface; a switch port is "
           "FromNetfront(" +
           ifname + ", SWITCH NAME))";
}

}  // namespace clickos::device_args
