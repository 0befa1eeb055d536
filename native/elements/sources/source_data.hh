// Packet contents shared by the sources that send fixed data (RatedSource, TimedSource):
// the default DATA, and DATA repeated or cut to a LENGTH.
#pragma once
#include <cstdint>
#include <string>

#include "clickos/packet.hh"

namespace clickos::source_data {

// At least 64 bytes, like Click's sources; zeros so that nothing mistakes it for a header.
inline std::string default_data() {
    return std::string(64, '\0');
}

// `data` repeated or cut to `length` bytes; `data` itself when length is negative.
inline std::string fit(const std::string& data, int64_t length) {
    if (length < 0) return data;
    std::string out;
    out.reserve(size_t(length));
    if (data.empty()) return std::string(size_t(length), '\0');
    while (out.size() < size_t(length)) out += data;
    out.resize(size_t(length));
    return out;
}

// A packet holding `bytes`, to be cloned for each packet sent (null if memory ran out).
inline Packet* prototype(const std::string& bytes, uint32_t headroom = Packet::default_headroom) {
    return Packet::make(headroom, bytes.data(), uint32_t(bytes.size()), 0);
}

}  // namespace clickos::source_data
