// The engine's shared pseudo-random generator: elements that draw random numbers take them
// (or their seeds) from here, so RandomSeed makes a configuration's random choices repeatable.
// A fast non-cryptographic generator (xorshift64*); one per process, like Click's.
#pragma once
#include <cstdint>

#include "clickos/platform.hh"

namespace clickos {

namespace detail {
// Default visibility even where elements are compiled with hidden visibility: there must be
// one state in a process, shared with the element packages it loads.
[[gnu::visibility("default")]] inline uint64_t& random_state() {
    static uint64_t state = 0;  // 0: not seeded yet
    return state;
}
}  // namespace detail

// Restarts the sequence from `seed` (any value; 0 is mapped to a fixed non-zero state).
inline void set_random_seed(uint64_t seed) {
    // Spread small seeds over the whole state (splitmix64's finalizer).
    uint64_t z = seed + 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    detail::random_state() = z ? z : 1;
}
// Restarts the sequence from a seed nobody can predict (the clock).
inline void set_random_seed_from_clock() {
    set_random_seed(uint64_t(platform::monotonic_ns()) ^
                    uint64_t(reinterpret_cast<uintptr_t>(&detail::random_state())));
}
inline uint64_t random64() {
    uint64_t& s = detail::random_state();
    if (s == 0) set_random_seed_from_clock();
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return s * 0x2545F4914F6CDD1Dull;
}

}  // namespace clickos
