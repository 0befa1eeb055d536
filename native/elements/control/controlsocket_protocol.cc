#include "controlsocket_protocol.hh"

#include <cctype>

#include "clickos/args.hh"
#include "clickos/platform.hh"
#include "clickos/router.hh"
#include "param_handlers.hh"

namespace clickos {

namespace {

enum Code {
    OK = 200,
    OK_WARNINGS = 220,
    SYNTAX = 500,
    UNIMPLEMENTED = 501,
    NO_ELEMENT = 510,
    NO_HANDLER = 511,
    HANDLER_ERROR = 520,
    DATA_TOO_BIG = 521,
    PERMISSION = 530,
};

// Errors and warnings a handler reports while ControlSocket calls it, one line each.
class CollectingLines : public ErrorHandler {
  public:
    int report(Severity s, const std::string& message) override {
        if (s == Severity::Error) ++nerrors_;
        if (s == Severity::Warning) ++nwarnings;
        size_t start = 0;
        for (;;) {
            size_t nl = message.find('\n', start);
            lines.push_back(message.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
            if (nl == std::string::npos || nl + 1 == message.size()) break;
            start = nl + 1;
        }
        return -1;
    }
    std::vector<std::string> lines;
    int nwarnings = 0;
};

// "MESSAGE:" and the handler's lines, or MESSAGE alone.
void transfer(std::string& out, int code, const std::string& message, const std::vector<std::string>& lines) {
    if (lines.empty()) {
        control_message(out, code, message);
        return;
    }
    control_message(out, code, message + ":", true);
    for (size_t i = 0; i < lines.size(); ++i) control_message(out, code, lines[i], i + 1 < lines.size());
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == '\n';
}

std::string upper(std::string s) {
    for (char& c : s) c = char(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string rtrim(std::string_view s) {
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return std::string(s);
}

}  // namespace

void control_message(std::string& out, int code, const std::string& message, bool more) {
    out += std::to_string(code);
    out += more ? '-' : ' ';
    for (unsigned char c : message) {
        if (c < 32 || c == 127) {
            out += '^';
            out += char(c == 127 ? '?' : c + 64);
        } else {
            out += char(c);
        }
    }
    out += "\r\n";
}

struct ControlProtocol::Target {
    Element* element = nullptr;  // null: a global handler
    const Handler* handler = nullptr;
};

ControlProtocol::Result ControlProtocol::next(const std::string& in, size_t& pos, bool eof, std::string& out) {
    if (skip_lf_ && pos < in.size()) {
        skip_lf_ = false;
        if (in[pos] == '\n') ++pos;
    }
    size_t end = pos;
    while (end < in.size() && in[end] != '\r' && in[end] != '\n') ++end;
    if (end - pos > max_line) {
        control_message(out, SYNTAX, "Line too long");
        return Result::Close;
    }
    if (end == in.size() && !eof) return Result::NeedMore;
    if (end == in.size() && end == pos) return Result::NeedMore;  // nothing left at all
    size_t after = end;
    bool lone_cr_at_end = false;
    if (after < in.size()) {
        if (in[after] == '\r' && after + 1 < in.size() && in[after + 1] == '\n')
            after += 2;
        else {
            lone_cr_at_end = in[after] == '\r' && after + 1 == in.size() && !eof;
            ++after;
        }
    }
    std::string line = in.substr(pos, end - pos);
    std::vector<Word> words;
    for (size_t i = 0; i < line.size();) {
        while (i < line.size() && is_space(line[i])) ++i;
        size_t b = i;
        while (i < line.size() && !is_space(line[i])) ++i;
        if (b < i) words.push_back({b, i});
    }
    if (words.empty()) {
        pos = after;
        skip_lf_ = lone_cr_at_end;
        return Result::Done;
    }
    // A command taking data must know whether a CR at the end of the input is half of a CRLF.
    std::string name = upper(line.substr(words[0].begin, words[0].end - words[0].begin));
    bool takes_data = name.find("DATA") != std::string::npos || name.find("UNTIL") != std::string::npos ||
                      (name == "LLRPC" && words.size() == 3);
    if (lone_cr_at_end && takes_data) return Result::NeedMore;
    size_t body = after;
    Result r = command(line, words, in, body, eof, out);
    if (r == Result::NeedMore) return r;
    pos = body;
    skip_lf_ = lone_cr_at_end && !takes_data;
    return r;
}

ControlProtocol::Result ControlProtocol::command(const std::string& line, const std::vector<Word>& words,
                                                 const std::string& in, size_t& pos, bool eof, std::string& out) {
    auto word = [&](size_t i) { return line.substr(words[i].begin, words[i].end - words[i].begin); };
    auto from = [&](size_t i) {  // words i.. as written, inner spacing kept
        return i < words.size() ? line.substr(words[i].begin, words.back().end - words[i].begin) : std::string();
    };
    std::string cmd = upper(word(0));
    if (cmd == "READ" || cmd == "GET" || cmd == "WRITE" || cmd == "SET") {
        if (words.size() < 2) {
            control_message(out, SYNTAX, "Wrong number of arguments");
            return Result::Done;
        }
        if (cmd == "READ" || cmd == "GET")
            read(word(1), from(2), out);
        else
            write(word(1), from(2), out);
        return Result::Done;
    }
    if (cmd == "READDATA" || cmd == "WRITEDATA" || cmd == "SETDATA") {
        if (words.size() != 3) {
            control_message(out, SYNTAX, "Wrong number of arguments");
            return Result::Done;
        }
        uint64_t n;
        std::string why;
        if (!parse_value(word(2), n, why)) {
            control_message(out, SYNTAX, "Syntax error in '" + cmd + "'");
            return Result::Done;
        }
        if (n > max_data) {
            control_message(out, DATA_TOO_BIG, "Data too large for handler '" + word(1) + "'");
            return Result::Close;  // the data that follows cannot be told from commands
        }
        if (in.size() - pos < n) {
            if (!eof) return Result::NeedMore;
            control_message(out, SYNTAX, "Not enough data");
            pos = in.size();
            return Result::Done;
        }
        std::string data = in.substr(pos, size_t(n));
        pos += size_t(n);
        if (cmd == "READDATA")
            read(word(1), data, out);
        else
            write(word(1), data, out);
        return Result::Done;
    }
    if (cmd == "READUNTIL" || cmd == "WRITEUNTIL") {
        if (words.size() < 2) {
            control_message(out, SYNTAX, "Wrong number of arguments");
            return Result::Done;
        }
        std::string until = rtrim(from(2));
        for (size_t s = pos;;) {
            size_t e = s;
            while (e < in.size() && in[e] != '\r' && in[e] != '\n') ++e;
            if (e == in.size()) {
                if (in.size() - pos > max_data) {
                    control_message(out, DATA_TOO_BIG, "Data too large for handler '" + word(1) + "'");
                    return Result::Close;
                }
                if (!eof) return Result::NeedMore;
                control_message(out, SYNTAX, "Connection closed");
                pos = in.size();
                return Result::Done;
            }
            size_t next = e + (in[e] == '\r' && e + 1 < in.size() && in[e + 1] == '\n' ? 2 : 1);
            if (rtrim(std::string_view(in).substr(s, e - s)) == until) {
                std::string data = in.substr(pos, s - pos);
                pos = next;
                if (cmd[0] == 'R')
                    read(word(1), data, out);
                else
                    write(word(1), data, out);
                return Result::Done;
            }
            s = next;
        }
    }
    if (cmd == "CHECKREAD" || cmd == "CHECKWRITE") {
        if (words.size() != 2)
            control_message(out, SYNTAX, "Wrong number of arguments");
        else
            check(word(1), cmd == "CHECKWRITE", out);
        return Result::Done;
    }
    if (cmd == "LLRPC") {
        if (words.size() != 2 && words.size() != 3) {
            control_message(out, SYNTAX, "Wrong number of arguments");
            return Result::Done;
        }
        uint64_t n = 0;
        std::string why;
        if (words.size() == 3 && !parse_value(word(2), n, why)) {
            control_message(out, SYNTAX, "Syntax error in 'LLRPC'");
            return Result::Done;
        }
        if (n > max_data) {
            control_message(out, DATA_TOO_BIG, "Data too large for LLRPC '" + word(1) + "'");
            return Result::Close;
        }
        if (in.size() - pos < n) {
            if (!eof) return Result::NeedMore;
            control_message(out, SYNTAX, "Not enough data");
            pos = in.size();
            return Result::Done;
        }
        pos += size_t(n);
        control_message(out, UNIMPLEMENTED, "Cannot call LLRPC '" + word(1) + "' remotely");
        return Result::Done;
    }
    if (cmd == "QUIT" || cmd == "CLOSE") {
        if (words.size() != 1) control_message(out, SYNTAX, "Bad command syntax");
        control_message(out, OK, "Goodbye!");
        return Result::Close;
    }
    if (cmd == "HELP") {
        static const char* const lines[] = {
            "Commands supported:",
            "READ handler [arg...]   call read handler, return DATA",
            "READDATA handler len    call read handler with len data bytes, return DATA",
            "READUNTIL handler term  call read handler, take data until term, return DATA",
            "WRITE handler [arg...]  call write handler",
            "WRITEDATA handler len   call write handler, pass len data bytes",
            "WRITEUNTIL handler term call write handler, take data until term",
            "CHECKREAD handler       check if read handler is valid",
            "CHECKWRITE handler      check if write handler is valid",
            "QUIT                    close connection",
        };
        size_t n = sizeof lines / sizeof lines[0];
        for (size_t i = 0; i < n; ++i) control_message(out, OK, lines[i], i + 1 < n);
        return Result::Done;
    }
    control_message(out, UNIMPLEMENTED, "Command '" + cmd + "' unimplemented");
    return Result::Done;
}

// "element.handler" (element by name, or by 1-based index), "handler", ".handler" or
// "0.handler" (global handlers). Appends the error response if there is none.
bool ControlProtocol::resolve(const std::string& name, Target& t, std::string& out) const {
    std::string canonical = name;
    size_t dot = canonical.find('.');
    if (dot == 0 || (dot == 1 && canonical[0] == '0')) {
        canonical.erase(0, dot + 1);
        dot = std::string::npos;
    }
    if (dot == std::string::npos) {
        t.element = nullptr;
        t.handler = router_->handler(nullptr, canonical);
    } else {
        std::string ename = canonical.substr(0, dot);
        Element* e = router_->find(ename);
        uint32_t index;
        std::string why;
        if (!e && parse_value(ename, index, why) && index >= 1 && int(index) <= router_->nelements())
            e = router_->element(int(index) - 1);
        if (!e) {
            control_message(out, NO_ELEMENT, "No element named '" + ename + "'");
            return false;
        }
        t.element = e;
        t.handler = router_->handler(e, canonical.substr(dot + 1));
    }
    if (!t.handler) {
        control_message(out, NO_HANDLER, "No handler named '" + name + "'");
        return false;
    }
    return true;
}

void ControlProtocol::read(const std::string& name, const std::string& params, std::string& out) {
    Target t;
    if (!resolve(name, t, out)) return;
    const Handler* h = t.handler;
    if (!h->readable()) {
        control_message(out, PERMISSION, "Handler '" + name + "' write-only");
        return;
    }
    std::string data;
    CollectingLines errh;
    auto* params_reader =
        t.element ? static_cast<ParamReadHandlers*>(t.element->cast(ParamReadHandlers::cast_name)) : nullptr;
    if (params_reader && params_reader->takes_params(h->name)) {
        if (!params_reader->read_with_params(h->name, params, data, &errh) && errh.nerrors() == 0) errh.error("failed");
    } else if (!params.empty()) {
        errh.error("read handler '" + name + "' takes no parameters");
    } else {
        data = h->read(t.element);
    }
    if (errh.nerrors() > 0) {
        transfer(out, HANDLER_ERROR, "Read handler '" + name + "' error", errh.lines);
        return;
    }
    control_message(out, OK, "Read handler '" + name + "' OK");
    out += "DATA " + std::to_string(data.size()) + "\r\n";
    out += data;
}

void ControlProtocol::write(const std::string& name, const std::string& data, std::string& out) {
    Target t;
    if (!resolve(name, t, out)) return;
    const Handler* h = t.handler;
    if (!h->writable()) {
        control_message(out, PERMISSION, "Handler '" + name + "' read-only");
        return;
    }
    if (read_only_) {
        control_message(out, PERMISSION, "Permission denied for '" + name + "'");
        return;
    }
    std::string value = data;
    if (!(h->flags & HANDLER_RAW)) {  // as Router::write does
        size_t b = value.find_first_not_of(" \t\r\n"), e = value.find_last_not_of(" \t\r\n");
        value = b == std::string::npos ? std::string() : value.substr(b, e - b + 1);
    }
    CollectingLines errh;
    int r = h->write(value, t.element, &errh);
    // A handler returning -5xx chooses the error code (clickos-instance's hotconfig: 540).
    int code = r <= -500 && r > -600 ? -r : HANDLER_ERROR;
    if (r < 0 || errh.nerrors() > 0)
        transfer(out, code, "Write handler '" + name + "' error", errh.lines);
    else if (errh.nwarnings > 0)
        transfer(out, OK_WARNINGS, "Write handler '" + name + "' OK with warnings", errh.lines);
    else
        transfer(out, OK, "Write handler '" + name + "' OK", errh.lines);
}

void ControlProtocol::check(const std::string& name, bool writing, std::string& out) {
    Target t;
    if (!resolve(name, t, out)) return;
    bool ok = writing ? t.handler->writable() : t.handler->readable();
    if (writing && ok && read_only_)
        control_message(out, PERMISSION, "Permission denied for '" + name + "'");
    else if (ok)
        control_message(out, OK, std::string(writing ? "Write" : "Read") + " handler '" + name + "' OK");
    else
        control_message(out, NO_HANDLER, "Handler '" + name + (writing ? "' not writable" : "' not readable"));
}

bool control_send(int fd, std::string& out, size_t& out_pos) {
    bool ok = true;
    while (out_pos < out.size()) {
        long n = platform::send_some(fd, out.data() + out_pos, out.size() - out_pos);
        if (n > 0) {
            out_pos += size_t(n);
            continue;
        }
        if (n < 0 && !platform::would_block()) ok = false;
        break;
    }
    if (out_pos == out.size()) {
        out.clear();
        out_pos = 0;
    } else if (out_pos >= (size_t(1) << 20)) {
        out.erase(0, out_pos);
        out_pos = 0;
    }
    return ok;
}

}  // namespace clickos
