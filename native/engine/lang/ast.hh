// The parsed form of a configuration: nested scopes of element declarations, connections,
// element classes (resolved lexically while parsing), parameter definitions and requirements.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "location.hh"

namespace clickos::lang {

struct CompoundClass;
struct Scope;

// What a declaration names as its class: a primitive class (by name) or a compound.
struct ClassRef {
    std::string name;                         // as written; "" for an inline anonymous compound
    std::shared_ptr<CompoundClass> compound;  // null for primitive classes
    bool is_compound() const { return compound != nullptr; }
};

// One definition of a compound class (one alternative of an overloaded elementclass).
struct CompoundBody {
    struct KeywordFormal {
        std::string keyword;   // e.g. COUNT
        std::string variable;  // e.g. $count
    };
    std::vector<std::string> positional;  // $a, $b
    std::vector<KeywordFormal> keywords;
    std::string rest;  // variable bound by __REST__, "" if none
    std::unique_ptr<Scope> body;
    Location loc;
    int ninputs = 0;  // ports the body uses on its `input` and `output` pseudo-elements
    int noutputs = 0;
};

// An elementclass binding: alternatives tried in order, then (after `|| ...`) the class
// the name meant before this definition.
struct CompoundClass {
    std::string name;  // "" for anonymous inline compounds
    Location loc;
    std::vector<std::unique_ptr<CompoundBody>> alternatives;
    std::unique_ptr<ClassRef> previous;  // set by `|| ...`
    const Scope* defining_scope = nullptr;
};

enum class NodeKind {
    Element,  // an element, primitive or compound instance
    Input,    // `input` of a compound body or of a group
    Output,   // `output` of a compound body or of a group
    Group,    // an element group `( ... )`: a tunnel in the enclosing scope
};

struct Node {
    NodeKind kind = NodeKind::Element;
    std::string name;
    ClassRef cls;
    std::string config;
    Location loc;         // where the element (or group) was declared
    Location config_loc;  // where its configuration string starts
    bool anonymous = false;
    int group_input = -1;  // for groups: their Input and Output nodes
    int group_output = -1;
    int group = -1;  // for the Input/Output nodes of a group: the group node
};

struct Connection {
    int from = -1;
    int from_port = 0;
    int to = -1;
    int to_port = 0;
    Location loc;
};

struct Define {
    std::string name;  // with the '$'
    std::string value;
    Location loc;
};

struct Requirement {
    std::string kind;  // "package", "library" or "" (old bare form)
    std::string name;
    Location loc;
};

struct Scope {
    const Scope* parent = nullptr;
    bool is_compound = false;              // has `input` (node 0) and `output` (node 1)
    const CompoundClass* owner = nullptr;  // the class whose body this is
    std::vector<Node> nodes;
    std::unordered_map<std::string, int> by_name;
    std::vector<Connection> connections;
    std::vector<Define> defines;
    std::vector<Requirement> requirements;
    std::vector<Requirement> provisions;
    std::map<std::string, ClassRef> classes;  // classes declared in this scope so far
    int nelements = 0;                        // declared elements (not pseudo-elements), for anonymous names

    // Highest port used plus one, per node, as destination and as source.
    std::vector<int> inputs_used() const;
    std::vector<int> outputs_used() const;
};

}  // namespace clickos::lang
