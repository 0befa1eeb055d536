// What FromDevice and ToDevice share about their arguments: errors placed at the keyword
// that caused them, the METHOD check, and open errors explained for a Click user.
#pragma once
#include <initializer_list>
#include <string>

#include "clickos/args.hh"

namespace clickos::device_args {

// Reports `message` at the argument given with `keyword` (at the element if it was positional).
int refuse(Args& args, const char* keyword, const std::string& message);
// METHOD (or CAPTURE): empty or LINUX; PCAP, NETMAP and others are refused.
int check_method(Args& args, const char* keyword, const std::string& method);
// Inside an instance: an error at the first argument using one of `keywords` (Click's
// Linux-interface keywords, which netfront ports do not take); 0 if there is none.
int refuse_interface_keywords(Args& args, std::initializer_list<const char*> keywords, const char* element);
// The platform's open error, with a hint when a netfront DEVID was meant.
std::string explain_open_error(const std::string& ifname, const std::string& error);

}  // namespace clickos::device_args
