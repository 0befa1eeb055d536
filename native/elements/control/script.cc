#include "script.hh"

#include <cctype>
#include <cstring>

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/platform.hh"
#include "clickos/router.hh"
#include "lang/config_args.hh"
#include "script_expand.hh"
#include "script_functions.hh"

namespace clickos {

namespace {

constexpr int max_jumps = 1000;

// Errors of a running script (not of a handler call, whose caller collects them):
// "name :: Class: message" on standard error.
class StderrErrors : public ErrorHandler {
  public:
    explicit StderrErrors(std::string context) : context_(std::move(context)) {}
    int report(Severity s, const std::string& message) override {
        if (s == Severity::Error) ++nerrors_;
        platform::write_stderr(context_ + ": " + (s == Severity::Warning ? "warning: " : "") + message + "\n");
        return -1;
    }

  private:
    std::string context_;
};

bool valid_name(const std::string& s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
    return true;
}

std::string trim(const std::string& s) {
    size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return std::string();
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::string with_newline(std::string s) {
    if (s.empty() || s.back() != '\n') s += '\n';
    return s;
}

}  // namespace

// ---------------------------------------------------------------- configuration

int Script::configure(Args& args) {
    RawArg type;
    bool check_handlers = true;  // DriverManager's old keyword; handlers are checked when called
    std::vector<std::string> rest;
    args.read("TYPE", type);
    if (default_type_ == Type::Driver) args.read("CHECK_HANDLERS", check_handlers);
    if (args.read_rest(rest).complete() < 0) return -1;
    int errors = 0;
    type_ = default_type_;
    if (args.given("TYPE")) {
        const Args::Arg* at = nullptr;
        for (const auto& a : args.args())
            if (a.keyword == "TYPE") at = &a;
        std::string tail, word = script::pop_word(type.text, tail);
        if (word == "ACTIVE" && tail.empty())
            type_ = Type::Active;
        else if (word == "PASSIVE" && tail.empty())
            type_ = Type::Passive;
        else if (word == "DRIVER" && tail.empty())
            type_ = Type::Driver;
        else if (word == "PACKET" || word == "PROXY" || word == "SIGNAL")
            errors += args.error_at(*at, "TYPE " + word + " is not supported (use ACTIVE, PASSIVE or DRIVER)");
        else
            errors += args.error_at(*at, "TYPE: expected ACTIVE, PASSIVE or DRIVER, found '" + type.text + "'");
    }

    insns_.clear();
    vars_.clear();
    exports_.clear();
    std::vector<const Args::Arg*> origin;  // the argument of each instruction, for goto errors
    for (const auto& a : args.args()) {
        if (!a.keyword.empty()) continue;
        std::string error = parse_insn(a.value);
        if (!error.empty()) {
            errors += args.error_at(a, error);
            continue;
        }
        while (origin.size() < insns_.size()) origin.push_back(&a);
    }
    for (size_t i = 0; i < insns_.size(); ++i) {
        Insn& in = insns_[i];
        if (in.op != Op::Goto) continue;
        in.target = find_label(in.name);
        if (in.target == int(insns_.size())) errors += args.error_at(*origin[i], "no such label '" + in.name + "'");
    }
    if (errors < 0) return -1;
    if (insns_.empty() && type_ == Type::Driver) insns_.push_back(Insn{Op::Pause});
    insns_.push_back(Insn{type_ == Type::Driver ? Op::Stop : Op::End});
    return 0;
}

// Appends the instruction `text` describes; returns "" or what is wrong with it.
std::string Script::parse_insn(const std::string& text) {
    std::string rest, word = script::pop_word(text, rest);
    if (word.empty()) return "";  // an empty argument is harmless
    auto fail = [](const std::string& message) { return message; };
    Insn in{Op::End};
    std::string why;
    auto ends_with_q = [&](const char* base) { return word == std::string(base) + "q"; };
    if (word == "pause" || word == "wait_step" || word == "wait_stop" || word == "wait_pause" ||
        (word == "wait" && rest.empty())) {
        in.op = Op::Pause;
        if (!rest.empty() && !parse_value(rest, in.count, why))
            return fail(word + ": " + why + ", found '" + rest + "'");
    } else if (word == "wait" || word == "wait_time" || word == "wait_for") {
        Seconds t;
        if (rest.empty()) return fail(word + ": expected a time");
        if (!parse_value(rest, t, why)) return fail(word + ": " + why + ", found '" + rest + "'");
        in.op = Op::WaitTime;
        in.time = t.value;
    } else if (word == "print" || word == "printn" || word == "printq" || word == "printnq") {
        in.op = Op::Print;
        in.newline = word.find('n', 5) == std::string::npos;
        in.unquote = word.back() == 'q';
        in.text = rest;
    } else if (word == "read" || ends_with_q("read") || word == "write" || ends_with_q("write") ||
               word == "write_skip" || word == "call") {
        in.op = word.rfind("read", 0) == 0 ? Op::Read : Op::Write;
        in.unquote = word.back() == 'q';
        in.skip = word == "write_skip";
        if (rest.empty()) return fail(word + ": expected a handler name");
        in.text = rest;
    } else if (word == "save" || word == "append") {
        std::string file;
        if (script::pop_word(rest, file).empty() || file.empty() || file.find_first_of(" \t") != std::string::npos)
            return fail(word + ": expected HANDLER FILE");
        in.op = Op::Save;
        in.append = word == "append";
        in.text = rest;
    } else if (word == "set" || ends_with_q("set") || word == "init" || ends_with_q("init") || word == "export" ||
               ends_with_q("export")) {
        in.op = word.rfind("set", 0) == 0 ? Op::Set : Op::Init;
        in.unquote = word.back() == 'q';
        in.exported = word.rfind("export", 0) == 0;
        in.name = script::pop_word(rest, in.text);
        if (in.name.empty() || (in.op == Op::Set && in.text.empty()))
            return fail(word + ": expected VARIABLE " + (in.op == Op::Set ? "TEXT" : "[TEXT]"));
        if (!valid_name(in.name)) return fail(word + ": bad variable name '" + in.name + "'");
        if (in.exported) exports_.push_back(in.name);
    } else if (word == "label") {
        std::string tail;
        in.op = Op::Label;
        in.name = script::pop_word(rest, tail);
        if (in.name.empty() || !tail.empty()) return fail("label: expected one label name");
    } else if (word == "goto") {
        in.op = Op::Goto;
        in.name = script::pop_word(rest, in.text);
        if (in.name.empty()) return fail("goto: expected a label");
    } else if (word == "loop") {
        if (!rest.empty()) return fail("loop: takes no arguments");
        in.op = Op::Goto;
        in.name = "begin";
    } else if (word == "return" || word == "returnq" || word == "error" || word == "errorq") {
        in.op = word[0] == 'r' ? Op::Return : Op::Error;
        in.unquote = word.back() == 'q';
        in.text = rest;
    } else if (word == "end" || word == "exit" || word == "stop") {
        if (!rest.empty()) return fail(word + ": takes no arguments");
        in.op = word == "end" ? Op::End : word == "exit" ? Op::Exit : Op::Stop;
    } else {
        return fail("unknown instruction '" + word + "'");
    }
    insns_.push_back(std::move(in));
    return "";
}

// An instruction index, a Target* constant, or insns_.size() if there is no such label.
int Script::find_label(const std::string& label) const {
    for (size_t i = 0; i < insns_.size(); ++i)
        if (insns_[i].op == Op::Label && insns_[i].name == label) return int(i);
    if (label == "begin" || label == "loop") return 0;
    if (label == "end") return TargetEnd;
    if (label == "exit") return TargetExit;
    if (label == "stop") return TargetStop;
    if (label == "error") return TargetError;
    return int(insns_.size());
}

// ---------------------------------------------------------------- life cycle

int Script::initialize(ErrorHandler* errh) {
    if (type_ == Type::Driver) {
        for (int i = 0; i < eindex(); ++i) {
            auto* other = static_cast<Script*>(router()->element(i)->cast("Script"));
            if (other && other->is_driver())
                return errh->error("a router has one stop manager, and '" + other->declaration() + "' is already one");
        }
        router()->set_stop_managed(true);
        router()->set_stop_listener(&task_);
        handled_stops_ = router()->stop_requests();
    }
    timer_.initialize(this);
    task_.initialize(this, type_ != Type::Passive);
    for (const Insn& in : insns_)
        if (in.op == Op::Init) {
            std::string v = substitute(in.text, errh);
            set_variable(in.name, in.unquote ? lang::unquote(v) : v);
        }
    return 0;
}

void Script::cleanup(CleanupStage) {
    if (type_ == Type::Driver && router()) router()->set_stop_listener(nullptr);
}

void* Script::cast(const char* name) {
    if (std::strcmp(name, "Script") == 0) return this;
    if (std::strcmp(name, ParamReadHandlers::cast_name) == 0) return static_cast<ParamReadHandlers*>(this);
    return Element::cast(name);
}

// The first run, then (DRIVER) one step for every stop request not handled yet.
bool Script::run_task(Task*) {
    StderrErrors errh(declaration());
    if (!started_) {
        started_ = true;
        step(0, &errh);
    }
    if (type_ == Type::Driver)
        while (handled_stops_ < router()->stop_requests() && !router()->stopped()) {
            ++handled_stops_;
            router_step(&errh);
        }
    return true;
}

void Script::run_timer(Timer*) {
    if (state_ != State::Blocked || insns_[size_t(pc_)].op != Op::WaitTime) return;
    StderrErrors errh(declaration());
    step(1, &errh);
}

void Script::router_step(ErrorHandler* errh) {
    if (state_ != State::Done) step(1, errh);
    if (state_ == State::Done) router()->stop_now();
}

// ---------------------------------------------------------------- running

void Script::restart_at(int pc) {
    timer_.unschedule();
    for (Insn& in : insns_) in.progress = 0;
    pc_ = pc;
    state_ = State::Running;
    end_ = End::None;
    return_value_.clear();
    started_ = true;
}

void Script::finish(End how) {
    state_ = State::Done;
    end_ = how;
    timer_.unschedule();
    if (how == End::Stop) {
        if (type_ == Type::Driver)
            router()->stop_now();
        else
            router()->please_stop();
    }
}

void Script::step(int steps, ErrorHandler* errh) {
    if (running_) {  // a handler this script called stepped it: take the steps in this run
        pending_ += steps;
        return;
    }
    if (state_ == State::Done) return;
    running_ = true;
    state_ = State::Running;
    int jumps = 0;
    while (state_ == State::Running) {
        steps += std::exchange(pending_, 0);
        if (pc_ < 0 || pc_ >= int(insns_.size())) {
            finish(End::End);
            break;
        }
        Insn& in = insns_[size_t(pc_)];
        int next = pc_ + 1;
        switch (in.op) {
            case Op::Pause:
                while (steps > 0 && in.progress < in.count) ++in.progress, --steps;
                if (in.progress < in.count) {
                    state_ = State::Blocked;
                    next = pc_;
                } else {
                    in.progress = 0;
                }
                break;
            case Op::WaitTime:
                if (steps > 0) {
                    --steps;
                    timer_.unschedule();
                } else {
                    timer_.schedule_after(in.time);
                    state_ = State::Blocked;
                    next = pc_;
                }
                break;
            case Op::Print: print(in, errh); break;
            case Op::Read: {
                std::string call = substitute(in.text, errh), out, full;
                if (in.unquote) call = lang::unquote(call);
                if (call_read(call, out, errh, &full)) platform::write_stderr(full + ":\n" + with_newline(out));
                break;
            }
            case Op::Write: {
                if (in.skip && type_ == Type::Driver && handled_stops_ < router()->stop_requests()) break;
                std::string call = substitute(in.text, errh);
                write_status_ = call_write(in.unquote ? lang::unquote(call) : call, errh);
                break;
            }
            case Op::Save: {
                std::string file, handler = script::pop_word(substitute(in.text, errh), file), out;
                if (call_read(handler, out, errh)) output(file == "-" ? "" : lang::unquote(file), in.append, out, errh);
                break;
            }
            case Op::Set: {
                std::string v = substitute(in.text, errh);
                set_variable(in.name, in.unquote ? lang::unquote(v) : v);
                break;
            }
            case Op::Init:
            case Op::Label: break;
            case Op::Goto: {
                std::string cond = trim(substitute(in.text, errh));
                bool jump = true;
                std::string why;
                if (!cond.empty() && !parse_value(cond, jump, why)) {
                    errh->error("goto " + in.name + ": bad condition '" + cond + "'");
                    jump = false;
                }
                if (!jump) break;
                if (in.target == TargetEnd || in.target == TargetExit || in.target == TargetStop ||
                    in.target == TargetError) {
                    finish(in.target == TargetEnd    ? End::End
                           : in.target == TargetExit ? End::Exit
                           : in.target == TargetStop ? End::Stop
                                                     : End::Error);
                    next = pc_;
                } else if (++jumps >= max_jumps) {
                    errh->error("too many jumps, giving up");
                    finish(End::Exit);
                    next = pc_;
                } else {
                    next = in.target;
                }
                break;
            }
            case Op::Return:
            case Op::Error: {
                std::string v = substitute(in.text, errh);
                if (in.unquote) v = lang::unquote(v);
                if (in.op == Op::Return) {
                    return_value_ = v;
                } else if (!v.empty()) {
                    errh->error(v);
                }
                finish(in.op == Op::Return ? End::Return : End::Error);
                next = pc_;
                break;
            }
            case Op::End:
                finish(End::End);
                next = pc_;
                break;
            case Op::Exit:
                finish(End::Exit);
                next = pc_;
                break;
            case Op::Stop:
                finish(End::Stop);
                next = pc_;
                break;
        }
        pc_ = next;
    }
    pending_ = 0;
    running_ = false;
}

bool Script::run_passive(const std::string& args, std::string& out, ErrorHandler* errh) {
    if (running_) {
        errh->error("run: the script is already running");
        return false;
    }
    run_args_ = args;
    restart_at(0);
    int before = errh->nerrors();
    step(0, errh);
    if (end_ == End::Error) {
        if (errh->nerrors() == before) errh->error("the script ended with an error");
        return false;
    }
    out = with_newline(end_ == End::Return ? return_value_ : std::string());
    return true;
}

// ---------------------------------------------------------------- substitution and handlers

std::string Script::substitute(const std::string& text, ErrorHandler* errh, bool protect) {
    if (text.find('$') == std::string::npos) return text;
    script::Expander x;
    x.protect = protect;
    x.variable = [this](const std::string& n, std::string& v) { return variable(n, v); };
    x.call = [this, errh](const std::string& c, std::string& v) { return call_read(c, v, errh); };
    return script::expand(text, x);
}

bool Script::variable(const std::string& name, std::string& value) const {
    for (const auto& [n, v] : vars_)
        if (n == name) {
            value = v;
            return true;
        }
    if (name == "?") {
        value = std::to_string(write_status_);
    } else if (name == "args") {
        value = run_args_;
    } else if (name == "#") {
        value = std::to_string(lang::split_words(run_args_).size());
    } else if (name[0] >= '1' && name[0] <= '9') {
        uint32_t k;
        std::string why;
        if (!parse_value(name, k, why)) return false;
        auto words = lang::split_words(run_args_);
        value = k <= words.size() ? words[k - 1] : std::string();
    } else {
        return false;
    }
    return true;
}

void Script::set_variable(const std::string& name, const std::string& value) {
    for (auto& [n, v] : vars_)
        if (n == name) {
            v = value;
            return;
        }
    vars_.emplace_back(name, value);
}

// "elem.handler" relative to this script's compound; a bare name is this script's handler or
// else a global one.
const Handler* Script::resolve(const std::string& name, Element** e, std::string& error) const {
    size_t dot = name.find('.');
    if (dot == std::string::npos) {
        if (const Handler* h = router()->handler(this, name)) {
            *e = const_cast<Script*>(this);
            return h;
        }
        *e = nullptr;
        if (const Handler* h = router()->handler(nullptr, name)) return h;
        error = "no handler named '" + name + "'";
        return nullptr;
    }
    std::string ename = name.substr(0, dot), hname = name.substr(dot + 1);
    Element* el = router()->find(ename, this);
    if (!el) {
        error = "no element named '" + ename + "'";
        return nullptr;
    }
    const Handler* h = router()->handler(el, hname);
    if (!h) {
        error = "no handler named '" + name + "'";
        return nullptr;
    }
    *e = el;
    return h;
}

bool Script::call_read(const std::string& call, std::string& out, ErrorHandler* errh, std::string* full_name) {
    std::string params, name = script::pop_word(call, params), why;
    Element* e = nullptr;
    const Handler* h = name.empty() ? nullptr : resolve(name, &e, why);
    if (!h) {
        errh->error(name.empty() ? "expected a handler name" : why);
        return false;
    }
    if (full_name) *full_name = e ? e->name() + "." + h->name : h->name;
    if (e)
        if (auto* p = static_cast<ParamReadHandlers*>(e->cast(ParamReadHandlers::cast_name));
            p && p->takes_params(h->name))
            return p->read_with_params(h->name, params, out, errh);
    if (!h->readable()) {
        errh->error("handler '" + name + "' is not readable");
        return false;
    }
    if (!params.empty()) {
        errh->error("read handler '" + name + "' takes no parameters");
        return false;
    }
    out = h->read(e);
    return true;
}

// Returns the handler's status, as `$?` reports it.
int Script::call_write(const std::string& call, ErrorHandler* errh) {
    std::string value, name = script::pop_word(call, value), why;
    Element* e = nullptr;
    const Handler* h = name.empty() ? nullptr : resolve(name, &e, why);
    if (!h) return errh->error(name.empty() ? "write: expected a handler name" : "write: " + why);
    if (!h->writable()) return errh->error("write: handler '" + name + "' is not writable");
    ContextErrorHandler ctx(errh, Location{}, "write " + name);
    int r = h->write(value, e, &ctx);
    return r < 0 || ctx.nerrors() > 0 ? -1 : 0;
}

void Script::print(const Insn& in, ErrorHandler* errh) {
    std::string text = in.text, file;
    bool append = false;
    if (!text.empty() && text[0] == '>') {
        append = text.size() > 1 && text[1] == '>';
        std::string rest;
        file = lang::unquote(substitute(script::pop_word(text.substr(append ? 2 : 1), rest), errh));
        text = rest;
        if (file == "-") file.clear();
    }
    std::string result;
    unsigned char first = text.empty() ? 0 : static_cast<unsigned char>(text[0]);
    if (std::isalpha(first) || first == '@' || first == '_') {
        std::string call = substitute(text, errh);
        if (!call_read(in.unquote ? lang::unquote(call) : call, result, errh)) return;
    } else {
        result = lang::unquote(substitute(text, errh, true));
    }
    if (in.newline && (result.empty() || result.back() != '\n')) result += '\n';
    output(file, append, result, errh);
}

void Script::output(const std::string& file, bool append, const std::string& text, ErrorHandler* errh) {
    if (file.empty()) {
        platform::write_stdout(text);
        return;
    }
    std::string error;
    int fd = platform::open_file_write(file, append, error);
    if (fd < 0) {
        errh->error(error);
        return;
    }
    if (!platform::write_fd_all(fd, text.data(), text.size())) errh->error(file + ": " + platform::last_error());
    platform::close_fd(fd);
}

// ---------------------------------------------------------------- handlers

bool Script::takes_params(const std::string& name) const {
    if (name == "run" || name == "readable" || name == "writable") return true;
    for (const auto& f : script::function_names())
        if (f == name) return true;
    return false;
}

bool Script::read_with_params(const std::string& name, const std::string& params, std::string& out,
                              ErrorHandler* errh) {
    if (name == "run") return run_passive(params, out, errh);
    if (name == "readable" || name == "writable") {
        bool all = true;
        for (const auto& w : lang::split_words(params)) {
            Element* e;
            std::string why;
            const Handler* h = resolve(w, &e, why);
            all = all && h && (name == "readable" ? h->readable() : h->writable());
        }
        out = all ? "true\n" : "false\n";
        return true;
    }
    std::string error;
    switch (script::call_function(name, params, out, error)) {
        case script::CallResult::Ok: out = with_newline(out); return true;
        case script::CallResult::Error: errh->error(name + ": " + error); return false;
        case script::CallResult::Unknown: break;
    }
    errh->error("no function named '" + name + "'");
    return false;
}

void Script::add_handlers() {
    add_write_handler("step", [this](const std::string& v, Element*, ErrorHandler* errh) {
        std::string s = trim(v), why;
        int before = errh->nerrors();
        if (!started_ && type_ != Type::Passive && s == "router") {
            pending_ += 1;  // the first run, still to come, takes it
        } else if (s == "router") {
            if (type_ == Type::Driver)
                router_step(errh);
            else
                step(1, errh);
        } else {
            int32_t n = 1;
            if (!s.empty() && (!parse_value(s, n, why) || n < 0))
                return errh->error("step: expected a number of steps or 'router'");
            if (!started_ && type_ != Type::Passive)
                pending_ += n;  // the first run, still to come, takes them
            else
                step(n, errh);
        }
        return errh->nerrors() > before || end_ == End::Error ? -1 : 0;
    });
    add_write_handler("goto", [this](const std::string& v, Element*, ErrorHandler* errh) {
        std::string label = trim(v);
        int target = find_label(label);
        if (target < 0 || target >= int(insns_.size())) return errh->error("goto: no label '" + label + "'");
        if (running_) return errh->error("goto: the script is running");
        int before = errh->nerrors();
        restart_at(target);
        step(0, errh);
        return errh->nerrors() > before || end_ == End::Error ? -1 : 0;
    });
    add_read_handler("run", [this](Element*) {
        StderrErrors errh(declaration());
        std::string out;
        return run_passive("", out, &errh) ? out : std::string("\n");
    });
    add_write_handler(
        "run",
        [this](const std::string& v, Element*, ErrorHandler* errh) {
            std::string out;
            return run_passive(v, out, errh) ? 0 : -1;
        },
        HANDLER_RAW);
    std::vector<std::string> names = script::function_names();
    names.push_back("readable");
    names.push_back("writable");
    for (const auto& f : names)
        add_read_handler(f, [this, f](Element*) {
            StderrErrors errh(declaration());
            std::string out;
            return read_with_params(f, "", out, &errh) ? out : std::string("\n");
        });
    for (const auto& var : exports_)
        add_read_handler(var, [this, var](Element*) {
            std::string v;
            variable(var, v);
            return with_newline(v);
        });
}

CLICKOS_ELEMENT(Script);

}  // namespace clickos
