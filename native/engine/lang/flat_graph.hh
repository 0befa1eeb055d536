// A flattened configuration: primitive elements and the connections between them.
#pragma once
#include <string>
#include <vector>

#include "ast.hh"
#include "location.hh"

namespace clickos::lang {

struct FlatElement {
    std::string name;
    std::string class_name;
    std::string config;  // parameters substituted
    Location loc;
    Location config_loc;
};

struct FlatConnection {
    int from = 0;
    int from_port = 0;
    int to = 0;
    int to_port = 0;
    Location loc;

    bool operator==(const FlatConnection& o) const {
        return from == o.from && from_port == o.from_port && to == o.to && to_port == o.to_port;
    }
};

struct FlatGraph {
    std::vector<FlatElement> elements;
    std::vector<FlatConnection> connections;  // sorted, without repeats
    std::vector<Requirement> requirements;
    std::vector<Requirement> provisions;
};

}  // namespace clickos::lang
