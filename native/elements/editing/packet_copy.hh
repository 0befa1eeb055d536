// Copying a packet into a fresh buffer while keeping what elements rely on: the bytes in
// its headroom (so stripped headers can come back), its header pointers and annotations.
// Unstrip and Align use it when they cannot work in place.
#pragma once
#include <cstdint>

#include "clickos/packet.hh"

namespace clickos {

// A fresh, unshared copy of p. Its data starts at an address that is `offset` bytes past a
// multiple of `modulus` (a power of two; 1 for any address), with p's headroom bytes copied
// in front of it and `extra_headroom` zero bytes before those. p is consumed. Returns null
// (p killed) when memory is exhausted.
Packet* copy_packet(Packet* p, uint32_t extra_headroom, uint32_t modulus = 1, uint32_t offset = 0);

// Moves the header pointers that point at or after p's data by `delta` bytes (after the
// data itself was moved inside the same buffer).
void shift_headers(Packet* p, const uint8_t* old_data, long delta);

}  // namespace clickos
