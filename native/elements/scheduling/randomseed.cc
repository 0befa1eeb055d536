#include "randomseed.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/random.hh"

namespace clickos {

int RandomSeed::configure(Args& args) {
    uint64_t seed = 0;
    if (args.read_p("SEED", seed).complete() < 0) return -1;
    if (args.given("SEED"))
        set_random_seed(seed);
    else
        set_random_seed_from_clock();
    return 0;
}

void RandomSeed::add_handlers() {
    add_write_handler("seed", [](const std::string& v, Element*, ErrorHandler* errh) {
        if (v.empty()) {
            set_random_seed_from_clock();
            return 0;
        }
        uint64_t seed;
        std::string why;
        if (!parse_value(v, seed, why)) return errh->error("seed: " + why);
        set_random_seed(seed);
        return 0;
    });
}

CLICKOS_ELEMENT(RandomSeed);

}  // namespace clickos
