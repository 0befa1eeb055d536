// A compiled packet-matching program: a DAG of 4-byte word tests, evaluated per packet
// without allocation or virtual calls. Classifier builds one from its patterns; the IP filter
// language (IPClassifier, IPFilter) is meant to compile into the same program.
//
// Building a program (see match_expr.hh and match_compiler.hh):
//
//   ExprBuilder b;                                    // boolean expressions over word tests
//   auto arp = b.bytes(Base::Data, 12, "\x08\x06", "\xff\xff", 2);
//   auto ip = b.bytes(Base::Data, 12, "\x08\x00", "\xff\xff", 2);
//   Program prog = compile(b, {{arp, 0}, {ip, 1}, {b.always(), 2}});  // first match wins
//   int out = prog.match(p);                          // 0, 1, 2, or Program::no_match
//
// A program is a vector of steps. Step i loads the 4 bytes at `offset` from its base (packet
// data, network header or transport header), ANDs them with `mask` and compares with `value`;
// it then jumps to next[1] (equal) or next[0] (different). A jump target is either a later
// step (targets only go forward, so every run ends) or a result: an output number, or
// no_match. A packet too short to hold the bytes a step tests (the bytes under a non-zero
// mask) goes to next[short_yes] instead: by default a short packet fails the test.
//
// Masks and values hold the packet's bytes in packet order, loaded with memcpy, so a program
// means the same on any byte order. Programs whose steps all read packet data have a "safe
// length": packets at least that long are matched without any length check.
//
// The module (match_program.hh, match_expr.hh, match_compiler.hh, match_optimizer.hh) is
// header-only so that elements of other domains can use it without linking this domain.
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "clickos/packet.hh"

namespace clickos::classification {

// What a step's offset counts from.
enum class Base : uint8_t {
    Data = 0,       // the first byte of packet data
    Network = 1,    // the network header annotation (a packet without one is "short")
    Transport = 2,  // the transport header annotation (likewise)
};

// A jump target: >= 0 is a step index; < 0 encodes a result r as -1 - r.
using Target = int32_t;
constexpr Target result_target(int result) {
    return -1 - result;
}
constexpr int target_result(Target t) {
    return -1 - t;
}
constexpr bool is_step(Target t) {
    return t >= 0;
}

// Packs 4 bytes in packet order into the word a step compares (memcpy order).
inline uint32_t pack_word(const uint8_t bytes[4]) {
    uint32_t w;
    std::memcpy(&w, bytes, 4);
    return w;
}
inline void unpack_word(uint32_t w, uint8_t bytes[4]) {
    std::memcpy(bytes, &w, 4);
}

// One word test: (word at base+offset) & mask == value. short_yes says where packets that
// end before the last tested byte go. Offsets must stay below 2^31.
struct WordTest {
    Base base = Base::Data;
    uint32_t offset = 0;
    uint32_t mask = 0;
    uint32_t value = 0;  // always value & mask
    bool short_yes = false;

    // Bytes from the base the test needs: up to and including the last masked byte.
    uint32_t required_length() const {
        uint8_t m[4];
        unpack_word(mask, m);
        for (int i = 3; i >= 0; --i)
            if (m[i]) return offset + uint32_t(i) + 1;
        return 0;
    }
    bool operator==(const WordTest& o) const {
        return base == o.base && offset == o.offset && mask == o.mask && value == o.value && short_yes == o.short_yes;
    }
};

struct Step {
    uint32_t offset = 0;
    uint32_t mask = 0;
    uint32_t value = 0;
    Target next[2] = {0, 0};  // [0]: the test failed; [1]: it passed
    uint32_t required = 0;    // WordTest::required_length()
    Base base = Base::Data;
    bool short_yes = false;

    WordTest test() const { return WordTest{base, offset, mask, value, short_yes}; }
    static Step make(const WordTest& t, Target yes, Target no) {
        Step s;
        s.offset = t.offset;
        s.mask = t.mask;
        s.value = t.value & t.mask;
        s.next[1] = yes;
        s.next[0] = no;
        s.required = t.required_length();
        s.base = t.base;
        s.short_yes = t.short_yes;
        return s;
    }
};

class Program {
  public:
    // The result for packets no rule matched: larger than any output, so callers that send
    // results below noutputs() and drop the rest need no special case.
    static constexpr int no_match = INT32_MAX;

    Program() = default;
    // `steps` must only jump forward; `entry` is where matching starts (a step or a result).
    Program(std::vector<Step> steps, Target entry) : steps_(std::move(steps)), entry_(entry) { finish(); }

    // The result for a packet: an output number or no_match.
    int match(const Packet* p) const {
        if (__builtin_expect(data_only_ && p->length() >= safe_length_, 1)) return match_fast(p->data());
        return match_checked(p);
    }
    // The same for bytes that are not a packet (no header annotations).
    int match(const uint8_t* data, uint32_t length) const {
        if (data_only_ && length >= safe_length_) return match_fast(data);
        const uint8_t* bases[3] = {data, nullptr, nullptr};
        uint32_t avail[3] = {length, 0, 0};
        return run_checked(bases, avail);
    }

    const std::vector<Step>& steps() const { return steps_; }
    Target entry() const { return entry_; }
    // Packets at least this long skip length checks (data-only programs).
    uint32_t safe_length() const { return safe_length_; }
    bool data_only() const { return data_only_; }
    // Whether some packet can get `result`.
    bool can_return(int result) const {
        Target t = result_target(result);
        if (entry_ == t) return true;
        for (const Step& s : steps_)
            if (s.next[0] == t || s.next[1] == t) return true;
        return false;
    }

    // One line per step, "step N: OFFSET/VALUE%MASK  yes->X  no->Y", then the safe length.
    std::string unparse() const {
        std::string out;
        if (steps_.empty()) return "all packets -> " + target_str(entry_) + "\n";
        for (size_t i = 0; i < steps_.size(); ++i) {
            const Step& s = steps_[i];
            uint8_t v[4], m[4];
            unpack_word(s.value, v);
            unpack_word(s.mask, m);
            char buf[96];
            static const char* const prefix[] = {"", "net+", "tr+"};
            std::snprintf(buf, sizeof buf, "step %zu: %s%u/%02x%02x%02x%02x%%%02x%02x%02x%02x", i, prefix[int(s.base)],
                          s.offset, v[0], v[1], v[2], v[3], m[0], m[1], m[2], m[3]);
            out += buf;
            out += "  yes->" + target_str(s.next[1]) + "  no->" + target_str(s.next[0]);
            if (s.short_yes) out += "  short->yes";
            out += "\n";
        }
        if (entry_ != 0) out += "entry " + target_str(entry_) + "\n";
        if (data_only_) out += "safe length " + std::to_string(safe_length_) + "\n";
        return out;
    }

  private:
    int match_fast(const uint8_t* d) const {
        Target t = entry_;
        const Step* s = steps_.data();
        while (t >= 0) {
            const Step& st = s[t];
            uint32_t w;
            std::memcpy(&w, d + st.offset, 4);
            t = st.next[(w & st.mask) == st.value];
        }
        return target_result(t);
    }

    int match_checked(const Packet* p) const {
        const uint8_t* end = p->data() + p->length();
        const uint8_t* bases[3] = {p->data(), p->network_header(), p->transport_header()};
        uint32_t avail[3] = {p->length(), 0, 0};
        for (int i = 1; i < 3; ++i) {
            // A header annotation outside the buffer, or past the data, has no bytes to test.
            if (bases[i] && bases[i] >= p->buffer() && bases[i] <= end)
                avail[i] = uint32_t(end - bases[i]);
            else
                bases[i] = nullptr;
        }
        return run_checked(bases, avail);
    }

    int run_checked(const uint8_t* const bases[3], const uint32_t avail[3]) const {
        Target t = entry_;
        while (t >= 0) {
            const Step& st = steps_[size_t(t)];
            const uint8_t* b = bases[int(st.base)];
            uint32_t n = avail[int(st.base)];
            if (!b || n < st.required) {
                t = st.next[st.short_yes];
                continue;
            }
            uint8_t bytes[4] = {0, 0, 0, 0};
            if (st.offset < n) std::memcpy(bytes, b + st.offset, n - st.offset < 4 ? n - st.offset : 4);
            t = st.next[(pack_word(bytes) & st.mask) == st.value];
        }
        return target_result(t);
    }

    void finish() {
        data_only_ = true;
        safe_length_ = 0;
        for (const Step& s : steps_) {
            if (s.base != Base::Data) data_only_ = false;
            if (s.offset + 4 > safe_length_) safe_length_ = s.offset + 4;
        }
        if (!data_only_) safe_length_ = UINT32_MAX;
    }

    static std::string target_str(Target t) {
        if (is_step(t)) return "step " + std::to_string(t);
        int r = target_result(t);
        return r == no_match ? std::string("drop") : "[" + std::to_string(r) + "]";
    }

    std::vector<Step> steps_;
    Target entry_ = result_target(no_match);
    uint32_t safe_length_ = 0;
    bool data_only_ = true;
};

}  // namespace clickos::classification
