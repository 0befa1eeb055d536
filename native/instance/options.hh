// clickos-instance's command line (docs/backends.md, section "clickos-instance").
#pragma once
#include <map>
#include <string>
#include <vector>

namespace clickos::instance {

struct Options {
    std::string control;      // --control PATH (required)
    std::string dir;          // --dir DIR
    std::string config_file;  // --config FILE
    int config_fd = -1;       // --config-fd N
    std::string config_name;  // --config-name NAME: file name in error locations
    std::string sandbox = "auto";
    std::vector<std::string> cgroups;  // --cgroup DIR (repeatable)
    int ready_fd = -1;                 // --ready-fd N
    std::vector<std::string> package_path;
    long poll_us = 0;                                // --poll-us US
    std::vector<int> cpus;                           // --cpus LIST (empty: wherever the scheduler puts it)
    std::map<std::string, std::string> definitions;  // NAME=VALUE
    bool help = false;
    bool version = false;
};

extern const char usage_text[];

// False with `error` (a usage error: exit status 2).
bool parse_options(int argc, char** argv, Options& o, std::string& error);

}  // namespace clickos::instance
