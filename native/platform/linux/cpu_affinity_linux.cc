// CPU placement of host programs (clickos-switch --cpus, clickos-instance --cpus).
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "clickos/platform.hh"

namespace clickos::platform {

namespace {

bool parse_number(const std::string& s, int& out) {
    if (s.empty() || s.size() > 5) return false;
    out = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        out = out * 10 + (c - '0');
    }
    return true;
}

}  // namespace

bool parse_cpu_list(const std::string& list, std::vector<int>& cpus, std::string& error) {
    cpus.clear();
    if (list.empty()) {
        error = "an empty CPU list (expected e.g. 0, 0-3 or 0,2-3)";
        return false;
    }
    size_t start = 0;
    while (start <= list.size()) {
        size_t comma = list.find(',', start);
        std::string part = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        size_t dash = part.find('-');
        int first, last;
        bool ok = dash == std::string::npos
                      ? parse_number(part, first) && (last = first, true)
                      : parse_number(part.substr(0, dash), first) && parse_number(part.substr(dash + 1), last);
        if (!ok || first > last || last >= CPU_SETSIZE) {
            error = "bad CPU list entry '" + part + "' in '" + list + "' (expected e.g. 0, 0-3 or 0,2-3)";
            return false;
        }
        for (int c = first; c <= last; ++c) cpus.push_back(c);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return true;
}

bool set_cpu_affinity(const std::vector<int>& cpus, std::string& error) {
    cpu_set_t set;
    CPU_ZERO(&set);
    for (int c : cpus) CPU_SET(c, &set);
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    auto where = [&] { return " (this host has " + std::to_string(online) + " online CPUs, numbered from 0)"; };
    if (sched_setaffinity(0, sizeof set, &set) != 0) {
        error = std::string("cannot run on the CPUs asked for: ") + std::strerror(errno) + where();
        return false;
    }
    // The kernel refuses a list only when none of it is usable: one CPU it lacks next to one
    // it has is dropped silently. Read back what was granted, so a typo is no quiet surprise.
    cpu_set_t granted;
    CPU_ZERO(&granted);
    if (sched_getaffinity(0, sizeof granted, &granted) == 0)
        for (int c : cpus)
            if (!CPU_ISSET(c, &granted)) {
                error = "cannot run on the CPUs asked for: CPU " + std::to_string(c) + " is not available" + where();
                return false;
            }
    return true;
}

}  // namespace clickos::platform
