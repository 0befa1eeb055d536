#include "randomsample.hh"

#include <cmath>
#include <cstdio>

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

bool parse_value(std::string_view s, Probability& v, std::string& why) {
    double d;
    if (!parse_value(s, d, why)) return false;
    if (!(d >= 0 && d <= 1)) {
        why = "probability must be between 0 and 1";
        return false;
    }
    v.value = d;
    return true;
}

void RandomSample::set_probability(double p) {
    probability_ = p;
    always_ = p >= 1;
    threshold_ = always_ ? 0 : uint64_t(p * 0x1p64);  // p * 2^64, exactly (p < 1)
}

int RandomSample::configure(Args& args) {
    Probability p, sample, drop;
    if (args.read_p("P", p).read("SAMPLE", sample).read("DROP", drop).read("ACTIVE", active_).complete() < 0) return -1;
    int given = int(args.given("P")) + int(args.given("SAMPLE")) + int(args.given("DROP"));
    if (given == 0) return args.error("give the sampling probability (P, SAMPLE or DROP)");
    if (given > 1) return args.error("give only one of P, SAMPLE and DROP");
    set_probability(args.given("DROP") ? 1 - drop.value : args.given("SAMPLE") ? sample.value : p.value);
    return 0;
}

void RandomSample::add_handlers() {
    auto number = [](double d) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.6g\n", d);
        return std::string(buf);
    };
    add_read_handler("sampling_prob", [this, number](Element*) { return number(probability_); });
    add_read_handler("drop_prob", [this, number](Element*) { return number(1 - probability_); });
    auto writer = [this](const char* name, bool inverse) {
        add_write_handler(name, [this, name, inverse](const std::string& v, Element*, ErrorHandler* errh) {
            Probability p;
            std::string why;
            if (!parse_value(v, p, why)) return errh->error(std::string(name) + ": " + why);
            set_probability(inverse ? 1 - p.value : p.value);
            return 0;
        });
    };
    writer("sampling_prob", false);
    writer("drop_prob", true);
    add_read_handler("active", [this](Element*) { return std::string(active_ ? "true\n" : "false\n"); });
    add_write_handler("active", [this](const std::string& v, Element*, ErrorHandler* errh) {
        bool a;
        std::string why;
        if (!parse_value(v, a, why)) return errh->error("active: " + why);
        active_ = a;
        return 0;
    });
    add_read_handler("drops", [this](Element*) { return std::to_string(drops_) + "\n"; });
}

CLICKOS_ELEMENT(RandomSample);

}  // namespace clickos
