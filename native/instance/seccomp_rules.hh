// The seccomp allow-list of an instance, built with libseccomp. It is compiled to a BPF
// program once, when clickos-instance is built (clickos-seccomp-program writes it out as
// C++), so an instance only loads it: building it costs about 0.6 ms per process otherwise.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace clickos::instance {

// The program as raw `struct sock_filter` entries; false with `error`.
bool build_seccomp_program(std::vector<uint8_t>& bpf, std::string& error);

}  // namespace clickos::instance
