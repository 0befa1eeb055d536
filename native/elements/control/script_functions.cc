#include "script_functions.hh"

#include <cmath>
#include <cstdio>
#include <random>

#include "clickos/args.hh"
#include "clickos/float_ops.hh"
#include "clickos/platform.hh"
#include "clickos/timestamp.hh"
#include "lang/config_args.hh"

namespace clickos::script {

namespace {

using Words = std::vector<std::string>;

struct Number {
    bool integral = true;
    int64_t i = 0;
    double d = 0;
};

bool parse_number(const std::string& word, Number& n) {
    std::string why;
    int64_t i;
    if (parse_value(word, i, why)) {
        n = {true, i, double(i)};
        return true;
    }
    double d;
    if (parse_value(word, d, why)) {
        n = {false, 0, d};
        return true;
    }
    return false;
}

std::string format(const Number& n) {
    return n.integral ? std::to_string(n.i) : format_number(n.d);
}

std::string boolean(bool b) {
    return b ? "true" : "false";
}

std::string trim(const std::string& s) {
    size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return std::string();
    size_t e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

enum class Op { Add, Sub, Mul, Div, Idiv };

// add/sub/mul stay integers while every operand is one (and nothing overflows); div and idiv
// work in reals, idiv truncating the result.
CallResult arithmetic(Op op, const Words& words, std::string& out, std::string& error) {
    bool real = op == Op::Div || op == Op::Idiv;
    int64_t acc = op == Op::Add || op == Op::Sub ? 0 : 1;
    double dacc = double(acc);
    bool first = true;
    for (const auto& w : words) {
        Number n;
        if (!parse_number(w, n)) {
            error = "expected list of numbers";
            return CallResult::Error;
        }
        if (!real && !n.integral) {
            real = true;
            dacc = double(acc);
        }
        if (!real) {
            int64_t r = n.i;
            bool overflow = false;
            if (!first) {
                if (op == Op::Add)
                    overflow = __builtin_add_overflow(acc, n.i, &r);
                else if (op == Op::Sub)
                    overflow = __builtin_sub_overflow(acc, n.i, &r);
                else
                    overflow = __builtin_mul_overflow(acc, n.i, &r);
            }
            if (!overflow) {
                acc = r;
                first = false;
                continue;
            }
            real = true;
            dacc = double(acc);
        }
        if (first)
            dacc = n.d;
        else if (op == Op::Add)
            dacc += n.d;
        else if (op == Op::Sub)
            dacc -= n.d;
        else if (op == Op::Mul)
            dacc *= n.d;
        else {
            if (n.d == 0) {
                error = "division by zero";
                return CallResult::Error;
            }
            dacc /= n.d;
        }
        first = false;
    }
    if (op == Op::Idiv) {
        out = std::to_string(int64_t(std::trunc(dacc)));
    } else {
        out = real ? format_number(dacc) : std::to_string(acc);
    }
    return CallResult::Ok;
}

CallResult modulus(bool integer_only, const Words& words, std::string& out, std::string& error) {
    Number a, b;
    if (words.size() != 2 || !parse_number(words[0], a) || !parse_number(words[1], b)) {
        error = "expected two numbers";
        return CallResult::Error;
    }
    if (integer_only || (a.integral && b.integral)) {
        if (!a.integral || !b.integral) {
            error = "expected two integers";
            return CallResult::Error;
        }
        if (b.i == 0 || (a.i == INT64_MIN && b.i == -1)) {
            error = b.i == 0 ? "division by zero" : "integer out of range";
            return CallResult::Error;
        }
        out = std::to_string(a.i % b.i);
        return CallResult::Ok;
    }
    if (b.d == 0) {
        error = "division by zero";
        return CallResult::Error;
    }
    out = format_number(remainder_of_division(a.d, b.d));
    return CallResult::Ok;
}

// -1, 0, 1: numerically when both words are numbers, else bytewise on the unquoted words.
int compare(const std::string& a, const std::string& b) {
    Number x, y;
    if (parse_number(a, x) && parse_number(b, y)) {
        if (x.integral && y.integral) return x.i < y.i ? -1 : x.i > y.i ? 1 : 0;
        return x.d < y.d ? -1 : x.d > y.d ? 1 : 0;
    }
    int c = lang::unquote(a).compare(lang::unquote(b));
    return c < 0 ? -1 : c > 0 ? 1 : 0;
}

bool parse_bools(const Words& words, std::vector<bool>& out) {
    for (const auto& w : words) {
        bool b;
        std::string why;
        if (!parse_value(w, b, why)) return false;
        out.push_back(b);
    }
    return true;
}

// printf with one argument per conversion: d i (signed), u o x X (unsigned), s, and %%.
CallResult sprintf_function(const Words& words, std::string& out, std::string& error) {
    if (words.empty()) {
        error = "expected a format";
        return CallResult::Error;
    }
    std::string fmt = lang::unquote(words[0]);
    size_t next = 1;
    auto take = [&](std::string& arg) {
        if (next >= words.size()) return false;
        arg = words[next++];
        return true;
    };
    auto fail = [&](const std::string& why) {
        error = why;
        return CallResult::Error;
    };
    out.clear();
    for (size_t i = 0; i < fmt.size();) {
        if (fmt[i] != '%') {
            out += fmt[i++];
            continue;
        }
        std::string spec = "%";
        ++i;
        while (i < fmt.size() && std::string_view("0#- +").find(fmt[i]) != std::string_view::npos) spec += fmt[i++];
        auto number_field = [&](bool allow_star) -> bool {
            if (allow_star && i < fmt.size() && fmt[i] == '*') {
                ++i;
                std::string arg, why;
                int32_t v;
                if (!take(arg) || !parse_value(arg, v, why) || v < -4096 || v > 4096) return false;
                spec += std::to_string(v);
                return true;
            }
            size_t start = i;
            while (i < fmt.size() && fmt[i] >= '0' && fmt[i] <= '9') ++i;
            if (i - start > 4) return false;  // widths beyond 9999 are not useful
            spec += fmt.substr(start, i - start);
            return true;
        };
        if (!number_field(true)) return fail("bad field width");
        if (i < fmt.size() && fmt[i] == '.') {
            spec += '.';
            ++i;
            if (!number_field(true)) return fail("bad precision");
        }
        while (i < fmt.size() && std::string_view("hlLqjzt").find(fmt[i]) != std::string_view::npos) ++i;
        if (i >= fmt.size()) return fail("incomplete conversion in format");
        char conv = fmt[i++];
        std::string arg, why;
        std::vector<char> buf(16384);
        int n;
        if (conv == '%') {
            out += '%';
            continue;
        } else if (conv == 'd' || conv == 'i') {
            int64_t v;
            if (!take(arg)) return fail("not enough arguments for format");
            if (!parse_value(arg, v, why)) return fail("expected integer, found '" + arg + "'");
            spec += "ll";
            spec += conv;
            n = std::snprintf(buf.data(), buf.size(), spec.c_str(), static_cast<long long>(v));
        } else if (conv == 'u' || conv == 'o' || conv == 'x' || conv == 'X') {
            int64_t s;
            uint64_t v;
            if (!take(arg)) return fail("not enough arguments for format");
            if (parse_value(arg, v, why))
                ;
            else if (parse_value(arg, s, why))
                v = uint64_t(s);
            else
                return fail("expected integer, found '" + arg + "'");
            spec += "ll";
            spec += conv;
            n = std::snprintf(buf.data(), buf.size(), spec.c_str(), static_cast<unsigned long long>(v));
        } else if (conv == 's') {
            if (!take(arg)) return fail("not enough arguments for format");
            std::string s = lang::unquote(arg);
            spec += 's';
            n = std::snprintf(buf.data(), buf.size(), spec.c_str(), s.c_str());
            if (n >= 0 && size_t(n) >= buf.size()) {
                buf.resize(size_t(n) + 1);
                n = std::snprintf(buf.data(), buf.size(), spec.c_str(), s.c_str());
            }
        } else {
            return fail(std::string("unsupported conversion '%") + conv + "'");
        }
        if (n < 0) return fail("bad format");
        out.append(buf.data(), std::min(size_t(n), buf.size() - 1));
    }
    if (next < words.size()) return fail("too many arguments for format");
    return CallResult::Ok;
}

CallResult random_function(const Words& words, std::string& out, std::string& error) {
    static std::mt19937_64 engine(uint64_t(platform::monotonic_ns()) ^ uint64_t(platform::realtime_ns()));
    int64_t lo = 0, hi = 2147483647;  // Click's RAND_MAX range with no arguments
    std::string why;
    if (words.size() == 1) {
        int64_t n;
        if (!parse_value(words[0], n, why) || n <= 0) {
            error = "expected a positive integer";
            return CallResult::Error;
        }
        hi = n - 1;
    } else if (words.size() == 2) {
        if (!parse_value(words[0], lo, why) || !parse_value(words[1], hi, why) || hi < lo) {
            error = "expected two integers N1 <= N2";
            return CallResult::Error;
        }
    } else if (!words.empty()) {
        error = "expected at most two integers";
        return CallResult::Error;
    }
    std::uniform_int_distribution<int64_t> dist(lo, hi);
    out = std::to_string(dist(engine));
    return CallResult::Ok;
}

}  // namespace

std::string format_number(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.12g", v);
    return buf;
}

const std::vector<std::string>& function_names() {
    static const std::vector<std::string> names = {"add", "sub",     "mul",    "div",     "idiv",  "mod",    "rem",
                                                   "neg", "abs",     "eq",     "ne",      "lt",    "gt",     "le",
                                                   "ge",  "not",     "and",    "or",      "nand",  "nor",    "if",
                                                   "in",  "sprintf", "length", "unquote", "first", "random", "now"};
    return names;
}

CallResult call_function(const std::string& name, const std::string& params, std::string& out, std::string& error) {
    const Words words = lang::split_words(params);
    if (name == "add") return arithmetic(Op::Add, words, out, error);
    if (name == "sub") return arithmetic(Op::Sub, words, out, error);
    if (name == "mul") return arithmetic(Op::Mul, words, out, error);
    if (name == "div") return arithmetic(Op::Div, words, out, error);
    if (name == "idiv") return arithmetic(Op::Idiv, words, out, error);
    if (name == "mod") return modulus(true, words, out, error);
    if (name == "rem") return modulus(false, words, out, error);
    if (name == "neg" || name == "abs") {
        Number n;
        if (words.size() != 1 || !parse_number(words[0], n)) {
            error = "expected one number";
            return CallResult::Error;
        }
        if (n.integral && n.i != INT64_MIN) {
            n.i = name == "neg" ? -n.i : (n.i < 0 ? -n.i : n.i);
        } else {
            n.integral = false;
            n.d = name == "neg" ? -n.d : std::fabs(n.d);
        }
        out = format(n);
        return CallResult::Ok;
    }
    static const char* const comparisons[] = {"lt", "eq", "gt", "le", "ne", "ge"};
    for (const char* c : comparisons)
        if (name == c) {
            if (words.size() != 2) {
                error = "expected two arguments";
                return CallResult::Error;
            }
            int r = compare(words[0], words[1]);
            bool v = name == "lt"   ? r < 0
                     : name == "eq" ? r == 0
                     : name == "gt" ? r > 0
                     : name == "le" ? r <= 0
                     : name == "ne" ? r != 0
                                    : r >= 0;
            out = boolean(v);
            return CallResult::Ok;
        }
    if (name == "not" || name == "and" || name == "or" || name == "nand" || name == "nor") {
        std::vector<bool> bs;
        if (!parse_bools(words, bs) || (name == "not" && bs.size() != 1)) {
            error = name == "not" ? "expected one boolean" : "expected booleans";
            return CallResult::Error;
        }
        bool all = true, any = false;
        for (bool b : bs) all = all && b, any = any || b;
        out = boolean(name == "not" ? !bs[0] : name == "and" ? all : name == "or" ? any : name == "nand" ? !all : !any);
        return CallResult::Ok;
    }
    if (name == "if") {
        bool b;
        std::string why;
        if (words.size() != 3 || !parse_value(words[0], b, why)) {
            error = "expected a boolean and two values";
            return CallResult::Error;
        }
        out = b ? words[1] : words[2];
        return CallResult::Ok;
    }
    if (name == "in") {
        if (words.empty()) {
            error = "expected a value and a list";
            return CallResult::Error;
        }
        bool found = false;
        for (size_t i = 1; i < words.size(); ++i) found = found || words[i] == words[0];
        out = boolean(found);
        return CallResult::Ok;
    }
    if (name == "sprintf") return sprintf_function(words, out, error);
    if (name == "length") {
        out = std::to_string(trim(params).size());
        return CallResult::Ok;
    }
    if (name == "unquote") {
        out = lang::unquote(trim(params));
        return CallResult::Ok;
    }
    if (name == "first") {
        out = words.empty() ? std::string() : words[0];
        return CallResult::Ok;
    }
    if (name == "random") return random_function(words, out, error);
    if (name == "now") {
        out = Timestamp::now().str();
        return CallResult::Ok;
    }
    return CallResult::Unknown;
}

}  // namespace clickos::script
