#include "flatten.hh"

#include <algorithm>
#include <functional>
#include <set>

#include "config_args.hh"
#include "variables.hh"

namespace clickos::lang {

namespace {

// Classes whose configurations hold their own run-time `$variables` (Script's language,
// TimeFilter's `$t`): parameters known here are substituted, unknown ones are left for the element.
bool keeps_own_variables(const std::string& class_name) {
    return class_name == "Script" || class_name == "DriverManager" || class_name == "TimeFilter";
}

struct Env {
    const Env* parent = nullptr;  // lexically enclosing environment
    const Scope* scope = nullptr;
    std::map<std::string, std::string> values;
    std::optional<std::string> lookup(const std::string& name) const {
        for (const Env* e = this; e != nullptr; e = e->parent) {
            auto it = e->values.find(name);
            if (it != e->values.end()) return it->second;
        }
        return std::nullopt;
    }
};

// The graph while tunnels are still in it: a node is a primitive element or a tunnel end.
struct WorkNode {
    int flat = -1;       // index of a primitive element, or -1 for a tunnel end
    int continues = -1;  // for tunnel ends: connections arriving here continue from this node
};

struct WorkEdge {
    int from, from_port, to, to_port;
    Location loc;
};

struct Binding {
    const CompoundBody* body = nullptr;  // null: primitive class `primitive`
    std::string primitive;
    std::map<std::string, std::string> values;
};

class Flattener {
  public:
    Flattener(Diagnostics& diag, const FlattenOptions& options) : diag_(diag), options_(options) {}

    FlatGraph run(const Scope& top) {
        Env env;
        env.scope = &top;
        for (const auto& [name, value] : options_.definitions) env.values["$" + name] = value;
        add_defines(top, env);
        std::vector<int> ids(top.nodes.size(), -1);
        expand_scope(top, env, "", ids, 0);
        graph_.requirements = top.requirements;
        graph_.provisions = top.provisions;
        resolve_tunnels();
        return std::move(graph_);
    }

  private:
    void add_defines(const Scope& s, Env& env) {
        // All definitions of a scope happen at once; values may use outer parameters.
        std::map<std::string, std::string> values;
        for (const auto& d : s.defines) {
            if (env.values.count(d.name) && s.parent == nullptr) continue;  // command line wins
            values[d.name] = substitute_variables(
                d.value, d.loc, [&](const std::string& n) { return env.lookup(n); }, diag_);
        }
        for (auto& [k, v] : values) env.values[k] = v;
    }

    int new_work_node(int flat = -1) {
        work_.push_back({flat, -1});
        return static_cast<int>(work_.size()) - 1;
    }

    std::string substitute(const std::string& text, const Location& loc, const Env& env, bool report_undefined = true) {
        return substitute_variables(
            text, loc, [&](const std::string& n) { return env.lookup(n); }, diag_, report_undefined);
    }

    // Chooses the compound alternative matching the arguments and the ports in use.
    bool bind_formals(const CompoundBody& body, const std::vector<ConfigArg>& args, Binding& out, std::string* why) {
        std::map<std::string, std::string> values;
        std::vector<std::string> extra;
        size_t next_positional = 0;
        std::set<std::string> seen_keywords;
        for (const auto& a : args) {
            std::string kw, value;
            bool matched_keyword = false;
            if (split_keyword(a.text, kw, value)) {
                for (const auto& k : body.keywords)
                    if (k.keyword == kw) {
                        values[k.variable] = value;
                        seen_keywords.insert(kw);
                        matched_keyword = true;
                    }
            }
            if (matched_keyword) continue;
            if (next_positional < body.positional.size() && seen_keywords.empty())
                values[body.positional[next_positional++]] = a.text;
            else
                extra.push_back(a.text);
        }
        if (next_positional < body.positional.size()) {
            if (why)
                *why = "too few arguments (expected " + std::to_string(body.positional.size()) + ", got " +
                       std::to_string(next_positional) + "): missing '" + body.positional[next_positional] + "'";
            return false;
        }
        for (const auto& k : body.keywords)
            if (!seen_keywords.count(k.keyword)) {
                if (why) *why = "missing '" + k.keyword + "' parameter";
                return false;
            }
        if (!extra.empty() && body.rest.empty()) {
            if (why)
                *why = "too many arguments (expected " + std::to_string(body.positional.size()) +
                       (body.keywords.empty() ? "" : " positional plus keywords") + ", got " +
                       std::to_string(args.size()) + ")";
            return false;
        }
        if (!body.rest.empty()) values[body.rest] = join_args(extra);
        out.body = &body;
        out.values = std::move(values);
        return true;
    }

    bool resolve_class(const ClassRef& ref, const std::vector<ConfigArg>& args, int nin, int nout, Binding& out,
                       std::string& why) {
        if (!ref.compound) {
            out.body = nullptr;
            out.primitive = ref.name;
            return true;
        }
        const CompoundClass& cls = *ref.compound;
        // Exact match of arguments and port counts first, then the first whose arguments
        // match and which has at least the ports in use (unconnected ports are dropped).
        for (int pass = 0; pass < 2; ++pass)
            for (const auto& alt : cls.alternatives) {
                bool ports = pass == 0 ? (alt->ninputs == nin && alt->noutputs == nout)
                                       : (nin <= alt->ninputs && nout <= alt->noutputs);
                if (ports && bind_formals(*alt, args, out, nullptr)) return true;
            }
        if (cls.previous) return resolve_class(*cls.previous, args, nin, nout, out, why);
        if (cls.alternatives.size() == 1) {
            const auto& alt = *cls.alternatives[0];
            if (!bind_formals(alt, args, out, &why)) return false;
            why = "uses " + std::to_string(nin) + " input(s) and " + std::to_string(nout) +
                  " output(s), but the class has " + std::to_string(alt.ninputs) + " and " +
                  std::to_string(alt.noutputs);
            return false;
        }
        why = "no definition matches " + std::to_string(args.size()) + " argument(s), " + std::to_string(nin) +
              " input(s) and " + std::to_string(nout) + " output(s)";
        return false;
    }

    const Env* defining_env(const Env& from, const Scope* defining) {
        for (const Env* e = &from; e != nullptr; e = e->parent)
            if (e->scope == defining) return e;
        return &from;  // cannot happen for lexically visible classes; stay safe
    }

    // Expands scope `s` into work nodes. `ids` holds preassigned ids (input/output of a
    // compound body) and receives the rest.
    void expand_scope(const Scope& s, const Env& env, const std::string& prefix, std::vector<int>& ids, int depth) {
        auto nin = s.inputs_used();
        auto nout = s.outputs_used();
        for (size_t i = 0; i < s.nodes.size(); ++i) {
            if (ids[i] >= 0) continue;
            const Node& n = s.nodes[i];
            if (n.kind != NodeKind::Element) {
                ids[i] = new_work_node();
                continue;
            }
            if (stopped_) {
                ids[i] = new_work_node();
                continue;
            }
            std::string config =
                substitute(n.config, n.config_loc, env, n.cls.is_compound() || !keeps_own_variables(n.cls.name));
            Binding b;
            std::string why;
            std::vector<ConfigArg> args;
            if (n.cls.is_compound()) args = split_config_args(config, n.config_loc);
            if (!resolve_class(n.cls, args, nin[i], nout[i], b, why)) {
                std::string cname = n.cls.name.empty() ? std::string("compound element") : "'" + n.cls.name + "'";
                diag_.error(n.loc, "element '" + prefix + n.name + "' of class " + cname + ": " + why);
                ids[i] = new_work_node();
                continue;
            }
            if (!b.body) {
                if (graph_.elements.size() >= options_.max_elements) {
                    diag_.error(n.loc, "configuration expands to more than " + std::to_string(options_.max_elements) +
                                           " elements");
                    stopped_ = true;
                    ids[i] = new_work_node();
                    continue;
                }
                graph_.elements.push_back({prefix + n.name, b.primitive, config, n.loc, n.config_loc});
                ids[i] = new_work_node(static_cast<int>(graph_.elements.size()) - 1);
                continue;
            }
            if (depth >= options_.max_depth) {
                diag_.error(n.loc,
                            "compound elements nested more than " + std::to_string(options_.max_depth) + " deep");
                stopped_ = true;
                ids[i] = new_work_node();
                continue;
            }
            // Compound instance: a tunnel whose inside ends are the body's input and output.
            const Scope& body = *b.body->body;
            Env inner;
            inner.parent = defining_env(env, body.parent);
            inner.scope = &body;
            inner.values = b.values;
            add_defines(body, inner);
            int outer = new_work_node();
            std::vector<int> body_ids(body.nodes.size(), -1);
            body_ids[0] = new_work_node();
            body_ids[1] = new_work_node();
            work_[outer].continues = body_ids[0];
            work_[body_ids[1]].continues = outer;
            ids[i] = outer;
            size_t errors = diag_.error_count();
            expand_scope(body, inner, prefix + n.name + "/", body_ids, depth + 1);
            if (diag_.error_count() > errors && !stopped_)
                diag_.note(n.loc, "in compound element '" + prefix + n.name + "'");
        }
        // Groups: the group node continues into its input; its output continues from the group.
        for (size_t i = 0; i < s.nodes.size(); ++i) {
            const Node& n = s.nodes[i];
            if (n.kind == NodeKind::Group) {
                work_[ids[i]].continues = ids[n.group_input];
                work_[ids[n.group_output]].continues = ids[i];
            }
        }
        for (const auto& c : s.connections) edges_.push_back({ids[c.from], c.from_port, ids[c.to], c.to_port, c.loc});
    }

    void resolve_tunnels() {
        // Index edges by their source end.
        std::map<std::pair<int, int>, std::vector<size_t>> by_source;
        for (size_t i = 0; i < edges_.size(); ++i) by_source[{edges_[i].from, edges_[i].from_port}].push_back(i);
        std::vector<FlatConnection> out;
        for (const auto& e : edges_) {
            if (work_[e.from].flat < 0) continue;
            std::set<std::pair<int, int>> visited;
            std::vector<std::pair<int, int>> stack{{e.to, e.to_port}};
            while (!stack.empty()) {
                auto [node, port] = stack.back();
                stack.pop_back();
                if (!visited.insert({node, port}).second) continue;  // tunnel cycles are ignored
                if (work_[node].flat >= 0) {
                    out.push_back({work_[e.from].flat, e.from_port, work_[node].flat, port, e.loc});
                    continue;
                }
                int next = work_[node].continues;
                if (next < 0) continue;  // unconnected tunnel end: the connection is dropped
                auto it = by_source.find({next, port});
                if (it == by_source.end()) continue;
                for (size_t idx : it->second) stack.push_back({edges_[idx].to, edges_[idx].to_port});
            }
        }
        std::stable_sort(out.begin(), out.end(), [](const FlatConnection& a, const FlatConnection& b) {
            return std::tie(a.from, a.from_port, a.to, a.to_port) < std::tie(b.from, b.from_port, b.to, b.to_port);
        });
        out.erase(std::unique(out.begin(), out.end()), out.end());
        graph_.connections = std::move(out);
    }

    Diagnostics& diag_;
    const FlattenOptions& options_;
    FlatGraph graph_;
    std::vector<WorkNode> work_;
    std::vector<WorkEdge> edges_;
    bool stopped_ = false;
};

}  // namespace

FlatGraph flatten(const Scope& top, Diagnostics& diag, const FlattenOptions& options) {
    Flattener f(diag, options);
    return f.run(top);
}

FlatGraph parse_and_flatten(std::string_view source, const std::string& file, Diagnostics& diag,
                            const ParseOptions& parse_options, const FlattenOptions& options) {
    auto top = parse_config(source, file, diag, parse_options);
    return flatten(*top, diag, options);
}

}  // namespace clickos::lang
