#include "counter.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/platform.hh"
#include "clickos/router.hh"
#include "lang/config_args.hh"

namespace clickos {

int Counter::parse_call(const std::string& text, Call& call, ErrorHandler* errh, const char* what) {
    auto words = lang::split_words(text);
    std::string why;
    uint64_t n;
    if (words.size() < 2 || !parse_value(words[0], n, why))
        return errh->error(std::string(what) + ": expected \"N HANDLER [VALUE]\", found '" + text + "'");
    call.threshold = n;
    call.handler = words[1];
    call.value.clear();
    size_t pos = text.find(words[1]);
    if (pos != std::string::npos) {
        std::string rest = text.substr(pos + words[1].size());
        size_t b = rest.find_first_not_of(" \t\n");
        call.value = b == std::string::npos ? std::string() : rest.substr(b);
    }
    call.text = text;
    call.fired = false;
    return 0;
}

int Counter::configure(Args& args) {
    RawArg count_call, byte_call;
    if (args.read("COUNT_CALL", count_call).read("BYTE_COUNT_CALL", byte_call).complete() < 0) return -1;
    if (args.given("COUNT_CALL") && parse_call(count_call.text, count_call_, args.errh(), "COUNT_CALL") < 0) return -1;
    if (args.given("BYTE_COUNT_CALL") && parse_call(byte_call.text, byte_call_, args.errh(), "BYTE_COUNT_CALL") < 0)
        return -1;
    return 0;
}

void Counter::fire(Call& call) {
    call.fired = true;
    call.threshold = UINT64_MAX;  // once
    std::string error;
    if (!router()->write_from(this, call.handler, call.value, error))
        platform::write_stderr(declaration() + ": " + call.handler + ": " + error + "\n");
}

void Counter::fire_calls() {
    if (count_ >= count_call_.threshold) fire(count_call_);
    if (byte_count_ >= byte_call_.threshold) fire(byte_call_);
}

void Counter::take_state(Element* old, ErrorHandler*) {
    auto* o = static_cast<Counter*>(old);
    count_ = o->count_;
    byte_count_ = o->byte_count_;
}

void Counter::add_handlers() {
    add_read_handler("count", [this](Element*) { return std::to_string(count_) + "\n"; });
    add_read_handler("byte_count", [this](Element*) { return std::to_string(byte_count_) + "\n"; });
    auto rate = [](uint64_t now_value, uint64_t& last_value, int64_t& last_time) {
        int64_t now = platform::monotonic_ns();
        double r =
            last_time == 0 || now == last_time ? 0.0 : double(now_value - last_value) * 1e9 / double(now - last_time);
        last_value = now_value;
        last_time = now;
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.6g\n", r);
        return std::string(buf);
    };
    add_read_handler("rate", [this, rate](Element*) { return rate(count_, rate_count_, rate_time_); });
    add_read_handler("byte_rate", [this, rate](Element*) { return rate(byte_count_, rate_bytes_, byte_rate_time_); });
    auto reset = [this](const std::string&, Element*, ErrorHandler*) {
        count_ = byte_count_ = rate_count_ = rate_bytes_ = 0;
        rate_time_ = byte_rate_time_ = 0;
        return 0;
    };
    add_write_handler("reset", reset, HANDLER_BUTTON);
    add_write_handler("reset_counts", reset, HANDLER_BUTTON);
    add_read_handler("count_call", [this](Element*) { return count_call_.text + "\n"; });
    add_write_handler("count_call", [this](const std::string& v, Element*, ErrorHandler* errh) {
        Call c;
        if (parse_call(v, c, errh, "count_call") < 0) return -1;
        count_call_ = c;
        return 0;
    });
    add_read_handler("byte_count_call", [this](Element*) { return byte_call_.text + "\n"; });
    add_write_handler("byte_count_call", [this](const std::string& v, Element*, ErrorHandler* errh) {
        Call c;
        if (parse_call(v, c, errh, "byte_count_call") < 0) return -1;
        byte_call_ = c;
        return 0;
    });
}

CLICKOS_ELEMENT(Counter);

}  // namespace clickos
