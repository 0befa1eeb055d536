#include "parser.hh"

#include <algorithm>

#include "config_args.hh"
#include "lexer.hh"

namespace clickos::lang {

std::vector<int> Scope::inputs_used() const {
    std::vector<int> used(nodes.size(), 0);
    for (const auto& c : connections) used[c.to] = std::max(used[c.to], c.to_port + 1);
    return used;
}

std::vector<int> Scope::outputs_used() const {
    std::vector<int> used(nodes.size(), 0);
    for (const auto& c : connections) used[c.from] = std::max(used[c.from], c.from_port + 1);
    return used;
}

namespace {

struct PortSpec {
    bool present = false;
    bool expandable = false;  // `[]`
    std::vector<int> ports;
    Location loc;
};

// One element position in a connection, before names are resolved.
struct SideItem {
    enum Kind { Inferred, Name, Declaration, Anonymous, Group } kind = Inferred;
    PortSpec in, out;
    std::string name;
    ClassRef cls;
    std::string config;
    Location loc, class_loc, config_loc;
    int node = -1;  // resolved node (groups: set while parsing)
};

struct GroupFrame {
    int input, output;
};

class Parser {
  public:
    Parser(Diagnostics& diag, const ParseOptions& options) : diag_(diag), options_(options) {}

    std::unique_ptr<Scope> parse_file(std::string_view source, const std::string& file) {
        auto top = std::make_unique<Scope>();
        scope_ = top.get();
        parse_source(source, file);
        return top;
    }

  private:
    // ---- token stream ----
    void parse_source(std::string_view source, const std::string& file) {
        Lexer lexer(source, file, diag_);
        Lexer* saved_lexer = lex_;
        Token saved_tok = tok_;
        bool saved_has_peek = has_peek_;
        Token saved_peek = peek_tok_;
        Lexer::State saved_peek_state = peek_state_;
        lex_ = &lexer;
        has_peek_ = false;
        advance();
        parse_statements(Tok::End);
        lex_ = saved_lexer;
        tok_ = saved_tok;
        has_peek_ = saved_has_peek;
        peek_tok_ = saved_peek;
        peek_state_ = saved_peek_state;
    }

    void advance() {
        if (has_peek_) {
            tok_ = peek_tok_;
            has_peek_ = false;
        } else {
            tok_ = lex_->next();
        }
    }

    const Token& peek() {
        if (!has_peek_) {
            peek_state_ = lex_->save();
            peek_tok_ = lex_->next();
            has_peek_ = true;
        }
        return peek_tok_;
    }

    // The current token is '(' of a configuration string: read it raw.
    std::string read_config(Location& text_loc) {
        if (has_peek_) {
            // Tokens after '(' were lexed speculatively; rewind to just after '('.
            lex_->restore(peek_state_);
            has_peek_ = false;
        }
        std::string text = lex_->read_config(tok_, text_loc);
        advance();
        return text;
    }

    bool accept(Tok k) {
        if (tok_.kind != k) return false;
        advance();
        return true;
    }

    void syntax_error(const std::string& what) {
        std::string found = tok_.kind == Tok::End ? "end of file"
                            : tok_.kind == Tok::Identifier || tok_.kind == Tok::Number || tok_.kind == Tok::Variable
                                ? "'" + tok_.text + "'"
                                : token_name(tok_.kind);
        diag_.error(tok_.loc, "syntax error: expected " + what + ", found " + found);
    }

    // After a syntax error: skip to a point where a new statement can start.
    void recover(int error_line) {
        int guard = 0;
        while (tok_.kind != Tok::End && tok_.kind != Tok::RBrace && tok_.kind != Tok::RParen &&
               tok_.kind != Tok::BarBar) {
            if (tok_.kind == Tok::Semicolon) {
                advance();
                return;
            }
            if (tok_.loc.line > error_line && guard > 0) return;
            advance();
            ++guard;
        }
    }

    // ---- statements ----
    void parse_statements(Tok terminator) {
        for (;;) {
            if (tok_.kind == Tok::End) return;
            if (tok_.kind == terminator) return;
            if (tok_.kind == Tok::RBrace || tok_.kind == Tok::RParen || tok_.kind == Tok::BarBar) {
                if (terminator == Tok::RBrace && tok_.kind == Tok::BarBar) return;
                diag_.error(tok_.loc, std::string("syntax error: unmatched ") + token_name(tok_.kind));
                advance();
                continue;
            }
            parse_statement();
        }
    }

    void parse_statement() {
        switch (tok_.kind) {
            case Tok::Semicolon: advance(); return;
            case Tok::KwElementclass: parse_elementclass(); return;
            case Tok::KwRequire:
            case Tok::KwProvide:
            case Tok::KwDefine: parse_directive(); return;
            default: break;
        }
        int line = tok_.loc.line;
        size_t errors = diag_.error_count();
        parse_connection();
        if (diag_.error_count() > errors) {
            // Skip the rest of a broken statement; statements on later lines still parse.
            if (tok_.kind != Tok::End && tok_.kind != Tok::RBrace && tok_.kind != Tok::RParen &&
                tok_.kind != Tok::BarBar && tok_.loc.line == line)
                recover(line);
        } else if (tok_.kind == Tok::Semicolon) {
            advance();
        }
    }

    // require(...), provide(...), define(...)
    void parse_directive() {
        Token kw = tok_;
        advance();
        if (tok_.kind != Tok::LParen) {
            syntax_error("'(' after '" + kw.text + "'");
            recover(kw.loc.line);
            return;
        }
        Location text_loc;
        std::string text = read_config(text_loc);
        std::vector<ConfigArg> args = split_config_args(text, text_loc);
        if (kw.kind == Tok::KwDefine) {
            for (const auto& a : args) {
                std::string name, value;
                if (!split_define_arg(a.text, name, value)) {
                    diag_.error(a.loc, "define: expected '$NAME value', found '" + a.text + "'");
                    continue;
                }
                auto dup = std::find_if(scope_->defines.begin(), scope_->defines.end(),
                                        [&](const Define& d) { return d.name == name; });
                if (dup != scope_->defines.end()) {
                    diag_.error(a.loc, "parameter '" + name + "' defined twice in the same scope");
                    diag_.note(dup->loc, "first definition of '" + name + "' is here");
                    continue;
                }
                scope_->defines.push_back({name, value, a.loc});
            }
        } else {
            for (const auto& a : args) {
                auto words = split_words(a.text);
                Requirement r;
                r.loc = a.loc;
                if (words.size() == 2 && (words[0] == "package" || words[0] == "library")) {
                    r.kind = words[0];
                    r.name = unquote(words[1]);
                } else if (words.size() == 1) {
                    r.name = unquote(words[0]);
                } else {
                    diag_.error(a.loc,
                                "require: expected 'package NAME', 'library FILE' or 'NAME', found '" + a.text + "'");
                    continue;
                }
                if (kw.kind == Tok::KwProvide) {
                    scope_->provisions.push_back(r);
                } else if (r.kind == "library") {
                    load_library(r);
                } else {
                    scope_->requirements.push_back(r);
                }
            }
        }
        accept(Tok::Semicolon);
    }

    void load_library(const Requirement& r) {
        if (scope_->parent != nullptr || !groups_.empty()) {
            diag_.error(r.loc, "require(library ...) is only allowed at file scope");
            return;
        }
        if (!options_.read_library) {
            diag_.error(r.loc, "require(library " + r.name + "): libraries cannot be read here");
            return;
        }
        std::string path;
        auto text = options_.read_library(r.name, r.loc.file, path);
        if (!text) {
            diag_.error(r.loc, "require(library " + r.name + "): file not found");
            return;
        }
        if (!libraries_.insert(path).second) return;  // each library at most once
        if (libraries_.size() > 256) {
            diag_.error(r.loc, "too many libraries");
            return;
        }
        scope_->requirements.push_back({"library", path, r.loc});
        parse_source(*text, path);
    }

    // elementclass NAME { ... } | elementclass NAME OTHER
    void parse_elementclass() {
        Location loc = tok_.loc;
        advance();
        if (tok_.kind != Tok::Identifier) {
            syntax_error("class name after 'elementclass'");
            recover(loc.line);
            return;
        }
        Token name = tok_;
        advance();
        if (name.text == "input" || name.text == "output") {
            diag_.error(name.loc, "'" + name.text + "' cannot be used as a class name");
        }
        if (tok_.kind == Tok::Identifier) {
            ClassRef target = lookup_class(tok_.text, tok_.loc);
            advance();
            scope_->classes[name.text] = target;
            accept(Tok::Semicolon);
            return;
        }
        if (tok_.kind != Tok::LBrace) {
            syntax_error("'{' or a class name after 'elementclass " + name.text + "'");
            recover(loc.line);
            return;
        }
        auto cls = parse_compound(name.text, name.loc);
        scope_->classes[name.text] = ClassRef{name.text, cls};
        accept(Tok::Semicolon);
    }

    // At '{': parses alternatives up to the matching '}'.
    // Nesting of '{' and '(' is bounded so that hostile input cannot exhaust the stack.
    static constexpr int max_nesting = 100;

    bool too_deep(const Token& open) {
        if (nesting_ < max_nesting) return false;
        if (!reported_nesting_)
            diag_.error(open.loc, "nesting of '{' and '(' deeper than " + std::to_string(max_nesting));
        reported_nesting_ = true;
        return true;
    }

    // Skips a bracketed region that is nested too deeply.
    void skip_balanced() {
        int depth = 0;
        do {
            if (tok_.kind == Tok::LBrace || tok_.kind == Tok::LParen) ++depth;
            if (tok_.kind == Tok::RBrace || tok_.kind == Tok::RParen) --depth;
            advance();
        } while (depth > 0 && tok_.kind != Tok::End);
    }

    std::shared_ptr<CompoundClass> parse_compound(const std::string& name, const Location& name_loc) {
        Token open = tok_;
        if (too_deep(open)) {
            skip_balanced();
            auto empty = std::make_shared<CompoundClass>();
            empty->name = name;
            empty->defining_scope = scope_;
            return empty;
        }
        ++nesting_;
        struct Leave {
            int& n;
            ~Leave() { --n; }
        } leave{nesting_};
        advance();
        auto cls = std::make_shared<CompoundClass>();
        cls->name = name;
        cls->loc = name_loc.valid() ? name_loc : open.loc;
        cls->defining_scope = scope_;
        defining_.push_back(name);
        size_t self_refs_before = self_references_.size();
        for (;;) {
            if (tok_.kind == Tok::Ellipsis) {
                Location eloc = tok_.loc;
                advance();
                if (cls->alternatives.empty())
                    diag_.error(eloc, "syntax error: '...' must follow '||'");
                else if (name.empty())
                    diag_.error(eloc, "'...' is only allowed in a named elementclass");
                else {
                    cls->previous = std::make_unique<ClassRef>(lookup_class(name, eloc, /*self=*/false));
                    // `|| ...` says the name extends an existing class: using it inside is intended.
                    auto from = self_references_.begin() + static_cast<std::ptrdiff_t>(self_refs_before);
                    self_references_.erase(std::remove_if(from, self_references_.end(),
                                                          [&](const SelfReference& r) { return r.name == name; }),
                                           self_references_.end());
                }
                if (tok_.kind != Tok::RBrace) syntax_error("'}' after '...'");
                break;
            }
            cls->alternatives.push_back(parse_alternative(cls.get()));
            if (tok_.kind == Tok::BarBar) {
                advance();
                continue;
            }
            break;
        }
        defining_.pop_back();
        if (tok_.kind == Tok::RBrace) {
            advance();
        } else {
            diag_.error(open.loc, "unmatched '{': no closing '}' before " +
                                      std::string(tok_.kind == Tok::End ? "end of file" : token_name(tok_.kind)));
        }
        return cls;
    }

    std::unique_ptr<CompoundBody> parse_alternative(const CompoundClass* owner) {
        auto body = std::make_unique<CompoundBody>();
        body->loc = tok_.loc;
        if (tok_.kind == Tok::Variable || tok_.kind == Tok::Bar ||
            (tok_.kind == Tok::Identifier && peek().kind == Tok::Variable))
            parse_formals(*body);
        auto scope = std::make_unique<Scope>();
        scope->parent = scope_;
        scope->is_compound = true;
        scope->owner = owner;
        Node in, out;
        in.kind = NodeKind::Input;
        in.name = "input";
        out.kind = NodeKind::Output;
        out.name = "output";
        scope->nodes.push_back(in);
        scope->nodes.push_back(out);
        scope->by_name["input"] = 0;
        scope->by_name["output"] = 1;
        Scope* saved = scope_;
        auto saved_groups = std::move(groups_);
        groups_.clear();
        scope_ = scope.get();
        parse_statements(Tok::RBrace);
        scope_ = saved;
        groups_ = std::move(saved_groups);
        body->ninputs = count_ports(*scope, 0, /*as_source=*/true, "input", body->loc);
        body->noutputs = count_ports(*scope, 1, /*as_source=*/false, "output", body->loc);
        body->body = std::move(scope);
        return body;
    }

    // Ports used on a pseudo-element; reports gaps ("input 0 and 2 used but not 1").
    int count_ports(const Scope& s, int node, bool as_source, const char* what, const Location& loc) {
        std::vector<bool> used;
        for (const auto& c : s.connections) {
            int n = as_source ? c.from : c.to;
            int p = as_source ? c.from_port : c.to_port;
            if (n != node) continue;
            if (static_cast<size_t>(p) >= used.size()) used.resize(p + 1, false);
            used[p] = true;
        }
        for (size_t i = 0; i < used.size(); ++i)
            if (!used[i]) {
                diag_.error(loc, std::string("'") + what + "' port " + std::to_string(i) + " unused (ports up to " +
                                     std::to_string(used.size() - 1) + " are used)");
                break;
            }
        return static_cast<int>(used.size());
    }

    void parse_formals(CompoundBody& body) {
        std::set<std::string> seen;
        while (tok_.kind != Tok::Bar) {
            Location floc = tok_.loc;
            std::string keyword, variable;
            if (tok_.kind == Tok::Identifier) {
                keyword = tok_.text;
                advance();
            }
            if (tok_.kind != Tok::Variable) {
                syntax_error("formal parameter ('$name' or 'KEYWORD $name')");
                while (tok_.kind != Tok::Bar && tok_.kind != Tok::End && tok_.kind != Tok::RBrace) advance();
                break;
            }
            variable = tok_.text;
            advance();
            if (!seen.insert(variable).second) diag_.error(floc, "formal parameter '" + variable + "' repeated");
            if (!body.rest.empty()) diag_.error(floc, "'__REST__' must be the last formal parameter");
            if (keyword == "__REST__") {
                body.rest = variable;
            } else if (!keyword.empty()) {
                body.keywords.push_back({keyword, variable});
            } else {
                if (!body.keywords.empty())
                    diag_.error(floc, "positional parameter '" + variable + "' after keyword parameters");
                body.positional.push_back(variable);
            }
            if (tok_.kind == Tok::Comma) {
                advance();
                continue;
            }
            if (tok_.kind != Tok::Bar) {
                syntax_error("',' or '|' after formal parameter");
                while (tok_.kind != Tok::Bar && tok_.kind != Tok::End && tok_.kind != Tok::RBrace) advance();
                break;
            }
        }
        accept(Tok::Bar);
    }

    // ---- class and element lookup ----
    ClassRef lookup_class(const std::string& name, const Location& loc, bool check_self = true) {
        for (const Scope* s = scope_; s != nullptr; s = s->parent) {
            auto it = s->classes.find(name);
            if (it != s->classes.end()) return it->second;
        }
        if (check_self && std::find(defining_.begin(), defining_.end(), name) != defining_.end())
            self_references_.push_back({name, loc});
        return ClassRef{name, nullptr};
    }

  public:
    struct SelfReference {
        std::string name;
        Location loc;
    };
    std::vector<SelfReference> self_references_;

  private:
    int add_node(Node n) {
        int index = static_cast<int>(scope_->nodes.size());
        if (n.kind == NodeKind::Element) {
            ++scope_->nelements;
            if (!n.name.empty()) scope_->by_name[n.name] = index;
        }
        scope_->nodes.push_back(std::move(n));
        return index;
    }

    std::string anonymous_name(const std::string& class_name) {
        int number = scope_->nelements + 1;
        std::string base = class_name.empty() ? std::string() : class_name;
        std::string name;
        do {
            name = base + "@" + std::to_string(number++);
        } while (scope_->by_name.count(name));
        return name;
    }

    int declare(const std::string& name, const ClassRef& cls, const std::string& config, const Location& loc,
                const Location& config_loc) {
        if (name == "input" || name == "output") {
            diag_.error(loc, "'" + name + "' cannot be declared as an element name");
        } else {
            auto it = scope_->by_name.find(name);
            if (it != scope_->by_name.end()) {
                diag_.error(loc, "redeclaration of element '" + name + "'");
                diag_.note(scope_->nodes[it->second].loc, "element '" + name + "' previously declared here");
                return it->second;
            }
        }
        Node n;
        n.name = name;
        n.cls = cls;
        n.config = config;
        n.loc = loc;
        n.config_loc = config_loc;
        return add_node(std::move(n));
    }

    int anonymous(const ClassRef& cls, const std::string& config, const Location& loc, const Location& config_loc) {
        Node n;
        n.name = anonymous_name(cls.name);
        n.cls = cls;
        n.config = config;
        n.loc = loc;
        n.config_loc = config_loc;
        n.anonymous = true;
        return add_node(std::move(n));
    }

    // `input` / `output` in the innermost group, else in the compound body.
    int pseudo(bool input, const Location& loc) {
        if (!groups_.empty()) return input ? groups_.back().input : groups_.back().output;
        if (scope_->is_compound) return input ? 0 : 1;
        diag_.error(loc, std::string("'") + (input ? "input" : "output") +
                             "' used outside a compound element or element group");
        return -1;
    }

    // ---- connections ----
    PortSpec parse_ports() {
        PortSpec spec;
        spec.present = true;
        spec.loc = tok_.loc;
        advance();  // '['
        if (tok_.kind == Tok::RBracket) {
            spec.expandable = true;
            advance();
            return spec;
        }
        for (;;) {
            if (tok_.kind != Tok::Number) {
                syntax_error("port number");
                while (tok_.kind != Tok::RBracket && tok_.kind != Tok::End && tok_.kind != Tok::Semicolon &&
                       tok_.loc.line == spec.loc.line)
                    advance();
                accept(Tok::RBracket);
                spec.ports.clear();
                spec.present = false;
                return spec;
            }
            long v = tok_.text.size() > 7 ? 10000000 : std::stol(tok_.text);
            if (v > 65535) {
                diag_.error(tok_.loc, "port number " + tok_.text + " too large (maximum 65535)");
                v = 0;
            }
            spec.ports.push_back(static_cast<int>(v));
            advance();
            if (tok_.kind == Tok::Comma) {
                advance();
                continue;
            }
            if (tok_.kind == Tok::RBracket) {
                advance();
                return spec;
            }
            syntax_error("',' or ']' in port list");
            spec.present = false;
            return spec;
        }
    }

    bool starts_element(Tok k) const { return k == Tok::Identifier || k == Tok::LBrace || k == Tok::LParen; }

    // Parses one element position: [ports] reference [ports]. Returns false on error.
    bool parse_item(SideItem& item) {
        item.loc = tok_.loc;
        if (tok_.kind == Tok::LBracket) item.in = parse_ports();
        if (!starts_element(tok_.kind)) {
            item.kind = SideItem::Inferred;
            return true;
        }
        item.loc = tok_.loc;
        if (tok_.kind == Tok::LParen) {
            parse_group(item);
        } else if (tok_.kind == Tok::LBrace) {
            item.kind = SideItem::Anonymous;
            item.class_loc = tok_.loc;
            item.cls = ClassRef{"", parse_compound("", Location{})};
            parse_optional_config(item);
        } else {
            Token name = tok_;
            advance();
            if (tok_.kind == Tok::ColonColon) {
                advance();
                item.kind = SideItem::Declaration;
                item.name = name.text;
                if (!parse_class(item)) return false;
            } else if (tok_.kind == Tok::LParen) {
                item.kind = SideItem::Anonymous;
                item.class_loc = name.loc;
                item.cls = lookup_class(name.text, name.loc);
                parse_optional_config(item);
            } else {
                item.kind = SideItem::Name;
                item.name = name.text;
            }
        }
        if (tok_.kind == Tok::LBracket) item.out = parse_ports();
        return true;
    }

    bool parse_class(SideItem& item) {
        item.class_loc = tok_.loc;
        if (tok_.kind == Tok::LBrace) {
            item.cls = ClassRef{"", parse_compound("", Location{})};
        } else if (tok_.kind == Tok::Identifier) {
            if (scope_->by_name.count(tok_.text) && !scope_->classes.count(tok_.text))
                diag_.warning(tok_.loc, "'" + tok_.text + "' is an element name here, used as a class");
            item.cls = lookup_class(tok_.text, tok_.loc);
            advance();
        } else {
            syntax_error("class name or '{' after '::'");
            return false;
        }
        parse_optional_config(item);
        return true;
    }

    void parse_optional_config(SideItem& item) {
        if (tok_.kind == Tok::LParen) item.config = read_config(item.config_loc);
    }

    void parse_group(SideItem& item) {
        Token open = tok_;
        if (too_deep(open)) {
            skip_balanced();
            item.kind = SideItem::Group;
            item.node = -1;
            return;
        }
        ++nesting_;
        struct Leave {
            int& n;
            ~Leave() { --n; }
        } leave{nesting_};
        advance();
        item.kind = SideItem::Group;
        Node g, in, out;
        g.kind = NodeKind::Group;
        g.loc = open.loc;
        in.kind = NodeKind::Input;
        in.name = "input";
        in.loc = open.loc;
        out.kind = NodeKind::Output;
        out.name = "output";
        out.loc = open.loc;
        int gi = add_node(g);
        int ii = add_node(in);
        int oi = add_node(out);
        scope_->nodes[gi].group_input = ii;
        scope_->nodes[gi].group_output = oi;
        scope_->nodes[ii].group = gi;
        scope_->nodes[oi].group = gi;
        groups_.push_back({ii, oi});
        parse_statements(Tok::RParen);
        groups_.pop_back();
        if (tok_.kind == Tok::RParen)
            advance();
        else
            diag_.error(open.loc, "unmatched '(': element group has no closing ')'");
        item.node = gi;
        // Groups must use their ports sequentially.
        count_ports(*scope_, ii, true, "input", open.loc);
        count_ports(*scope_, oi, false, "output", open.loc);
    }

    // Ports a group offers implicitly: all its inputs (or outputs), in order.
    int group_ports(int group, bool inputs) const {
        const Node& g = scope_->nodes[group];
        int pseudo_node = inputs ? g.group_input : g.group_output;
        int n = 0;
        for (const auto& c : scope_->connections) {
            if (inputs && c.from == pseudo_node) n = std::max(n, c.from_port + 1);
            if (!inputs && c.to == pseudo_node) n = std::max(n, c.to_port + 1);
        }
        return n;
    }

    // Resolves names and declarations of a side, in order.
    void resolve_side(std::vector<SideItem>& side, bool is_first, bool followed_by_arrow, bool is_last) {
        // `a, b, c :: Class(...)` alone declares every name.
        if (is_first && !followed_by_arrow && side.size() > 1 && side.back().kind == SideItem::Declaration) {
            bool all_names = true;
            for (size_t i = 0; i + 1 < side.size(); ++i)
                all_names = all_names && side[i].kind == SideItem::Name && !side[i].in.present && !side[i].out.present;
            if (all_names) {
                for (auto& it : side) {
                    it.kind = SideItem::Declaration;
                    it.cls = side.back().cls;
                    it.config = side.back().config;
                    it.config_loc = side.back().config_loc;
                }
            }
        }
        for (auto& it : side) {
            switch (it.kind) {
                case SideItem::Inferred:
                    if (!scope_->is_compound && groups_.empty()) {
                        diag_.error(it.loc, is_first ? "syntax error: connection has no source element"
                                                     : "syntax error: connection has no destination element");
                        it.node = -1;
                    } else if (is_first && followed_by_arrow)
                        it.node = pseudo(true, it.loc);
                    else if (is_last && !is_first)
                        it.node = pseudo(false, it.loc);
                    else {
                        diag_.error(it.loc, "syntax error: missing element in connection");
                        it.node = -1;
                    }
                    // Ports written before an inferred element belong to its other side.
                    if (it.node >= 0 && is_first) std::swap(it.in, it.out);
                    break;
                case SideItem::Name: {
                    if (it.name == "input" || it.name == "output") {
                        it.node = pseudo(it.name == "input", it.loc);
                        break;
                    }
                    auto found = scope_->by_name.find(it.name);
                    if (found != scope_->by_name.end())
                        it.node = found->second;
                    else
                        it.node = anonymous(lookup_class(it.name, it.loc), "", it.loc, it.loc);
                    break;
                }
                case SideItem::Declaration: it.node = declare(it.name, it.cls, it.config, it.loc, it.config_loc); break;
                case SideItem::Anonymous: it.node = anonymous(it.cls, it.config, it.class_loc, it.config_loc); break;
                case SideItem::Group: break;
            }
        }
    }

    struct Endpoint {
        int node;
        int port;
        Location loc;
    };

    // Expands one side into (node, port) endpoints; `sequential` marks a lone element
    // without ports on a '=>' side, whose ports are numbered to match the other side.
    std::vector<Endpoint> endpoints(const std::vector<SideItem>& side, bool as_source, bool& sequential,
                                    int& expandable_index, bool many) {
        std::vector<Endpoint> out;
        sequential = false;
        for (const auto& it : side) {
            if (it.node < 0) continue;
            const PortSpec& spec = as_source ? it.out : it.in;
            if (spec.present && spec.expandable) {
                expandable_index = static_cast<int>(out.size());
                out.push_back({it.node, -1, it.loc});
            } else if (spec.present) {
                for (int p : spec.ports) out.push_back({it.node, p, spec.loc});
            } else if (it.kind == SideItem::Group) {
                int n = group_ports(it.node, !as_source);
                for (int p = 0; p < std::max(n, 1); ++p) out.push_back({it.node, p, it.loc});
            } else {
                if (many && side.size() == 1) sequential = true;
                out.push_back({it.node, 0, it.loc});
            }
        }
        return out;
    }

    void connect(const std::vector<SideItem>& left, const Token& arrow, const std::vector<SideItem>& right) {
        bool many = arrow.kind == Tok::DoubleArrow;
        bool lseq = false, rseq = false;
        int lexp = -1, rexp = -1;
        auto L = endpoints(left, true, lseq, lexp, many);
        auto R = endpoints(right, false, rseq, rexp, many);
        if (L.empty() || R.empty()) return;  // an error was already reported
        if (lexp >= 0 && rexp >= 0) {
            diag_.error(arrow.loc, "at most one expandable port '[]' allowed per connection");
            return;
        }
        auto expand = [&](std::vector<Endpoint>& side, int index, size_t other) {
            if (index < 0) return true;
            if (other + 1 < side.size()) return false;
            size_t count = other - (side.size() - 1);
            Endpoint e = side[index];
            side.erase(side.begin() + index);
            for (size_t i = 0; i < count; ++i) side.insert(side.begin() + index + i, {e.node, int(i), e.loc});
            return true;
        };
        if (!many) {
            if (lexp >= 0 || rexp >= 0) {
                diag_.error(arrow.loc, "syntax error: expandable ports '[]' require '=>'");
                return;
            }
            if (L.size() > 1 && R.size() > 1) {
                diag_.error(arrow.loc, "syntax error: many-to-many connections require '=>'");
                return;
            }
            for (const auto& a : L)
                for (const auto& b : R) add_connection(a, b, arrow.loc);
            return;
        }
        if (lseq && !rseq && rexp < 0) {
            for (size_t i = 1; i < R.size(); ++i) L.push_back({L[0].node, int(i), L[0].loc});
        } else if (rseq && !lseq && lexp < 0) {
            for (size_t i = 1; i < L.size(); ++i) R.push_back({R[0].node, int(i), R[0].loc});
        }
        if (!expand(L, lexp, R.size()) || !expand(R, rexp, L.size()) || L.size() != R.size()) {
            diag_.error(arrow.loc, "connection mismatch: " + std::to_string(L.size()) + " outputs connected to " +
                                       std::to_string(R.size()) + " inputs");
            return;
        }
        for (size_t i = 0; i < L.size(); ++i) add_connection(L[i], R[i], arrow.loc);
    }

    void add_connection(const Endpoint& from, const Endpoint& to, const Location& loc) {
        const Node& f = scope_->nodes[from.node];
        const Node& t = scope_->nodes[to.node];
        if (f.kind == NodeKind::Output) {
            diag_.error(from.loc, "'output' has no output ports (it is where connections leave)");
            return;
        }
        if (t.kind == NodeKind::Input) {
            diag_.error(to.loc, "'input' has no input ports (it is where connections enter)");
            return;
        }
        Connection c;
        c.from = from.node;
        c.from_port = from.port;
        c.to = to.node;
        c.to_port = to.port;
        c.loc = loc;
        scope_->connections.push_back(c);
    }

    static bool is_arrow(Tok k) { return k == Tok::Arrow || k == Tok::DoubleArrow; }

    void report_dangling_ports(const std::vector<SideItem>& side, bool first) {
        for (const auto& it : side) {
            if (it.kind == SideItem::Inferred) continue;
            if (it.out.present) diag_.error(it.out.loc, "syntax error: output port without a connection");
            if (first && it.in.present) diag_.error(it.in.loc, "syntax error: input port without a connection");
        }
    }

    void parse_connection() {
        std::vector<SideItem> side;
        if (!parse_side(side)) return;
        bool arrow = is_arrow(tok_.kind);
        if (!arrow && side.size() == 1 && side[0].kind == SideItem::Inferred) {
            syntax_error("statement");
            if (tok_.kind != Tok::End) advance();
            return;
        }
        resolve_side(side, true, arrow, !arrow);
        if (!arrow) {
            report_dangling_ports(side, true);
            return;
        }
        while (is_arrow(tok_.kind)) {
            Token a = tok_;
            advance();
            std::vector<SideItem> next;
            if (!parse_side(next)) return;
            bool more = is_arrow(tok_.kind);
            resolve_side(next, false, more, !more);
            connect(side, a, next);
            side = std::move(next);
        }
        report_dangling_ports(side, false);
    }

    bool parse_side(std::vector<SideItem>& side) {
        for (;;) {
            SideItem item;
            if (!parse_item(item)) return false;
            side.push_back(std::move(item));
            if (tok_.kind != Tok::Comma) return true;
            advance();
            if (!starts_element(tok_.kind) && tok_.kind != Tok::LBracket) {
                syntax_error("element after ','");
                return false;
            }
        }
    }

    Diagnostics& diag_;
    const ParseOptions& options_;
    Lexer* lex_ = nullptr;
    Token tok_;
    bool has_peek_ = false;
    Token peek_tok_;
    Lexer::State peek_state_{};
    Scope* scope_ = nullptr;
    std::vector<GroupFrame> groups_;
    std::vector<std::string> defining_;
    std::set<std::string> libraries_;
    int nesting_ = 0;
    bool reported_nesting_ = false;
};

}  // namespace

std::unique_ptr<Scope> parse_config(std::string_view source, const std::string& file, Diagnostics& diag,
                                    const ParseOptions& options) {
    Parser p(diag, options);
    auto top = p.parse_file(source, file);
    for (const auto& s : p.self_references_)
        diag.warning(s.loc, "'" + s.name + "' inside its own elementclass refers to a primitive class '" + s.name +
                                "' (element classes are not recursive)");
    return top;
}

}  // namespace clickos::lang
