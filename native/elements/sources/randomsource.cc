#include "randomsource.hh"

#include <algorithm>
#include <cstring>

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/random.hh"

namespace clickos {

namespace {
constexpr uint32_t kMaxLength = 65535;
constexpr uint32_t kMaxHeadroom = 1024;
}  // namespace

int RandomSource::configure(Args& args) {
    if (args.read_mp("LENGTH", length_)
            .read_p("LIMIT", limit_)
            .read_p("BURST", burst_)
            .read_p("ACTIVE", active_)
            .read("HEADROOM", headroom_)
            .complete() < 0)
        return -1;
    if (length_ > kMaxLength) return args.error("LENGTH must be at most 65535");
    if (burst_ == 0) return args.error("BURST must be at least 1");
    if (headroom_ > kMaxHeadroom) return args.error("HEADROOM must be at most 1024");
    return 0;
}

int RandomSource::initialize(ErrorHandler*) {
    if (output_is_push(0)) task_.initialize(this, active_);
    return 0;
}

Packet* RandomSource::make_packet() const {
    Packet* p = Packet::make(headroom_, nullptr, length_, 0);
    if (!p) return nullptr;
    uint8_t* d = p->mutable_data();
    for (uint32_t i = 0; i < length_; i += 8) {
        uint64_t r = random64();
        std::memcpy(d + i, &r, std::min<uint32_t>(8, length_ - i));
    }
    p->set_timestamp_anno(Timestamp::now());
    return p;
}

bool RandomSource::run_task(Task*) {
    if (!active_ || limit_reached()) return false;
    uint32_t n = burst_;
    if (limit_ >= 0) n = uint32_t(std::min<uint64_t>(n, uint64_t(limit_) - count_));
    PacketBatch batch;
    for (uint32_t i = 0; i < n; ++i) {
        Packet* p = make_packet();
        if (!p) break;
        batch.append(p);
    }
    count_ += batch.count();
    if (!batch.empty()) output(0).push_batch(batch);
    if (!limit_reached()) task_.fast_reschedule();
    return true;
}

Packet* RandomSource::pull(int) {
    if (!active_ || limit_reached()) return nullptr;
    Packet* p = make_packet();
    if (p) ++count_;
    return p;
}

void RandomSource::restart() {
    if (active_ && output_is_push(0) && !limit_reached()) task_.reschedule();
}

void RandomSource::add_handlers() {
    add_read_handler("count", [this](Element*) { return std::to_string(count_) + "\n"; });
    add_write_handler(
        "reset",
        [this](const std::string&, Element*, ErrorHandler*) {
            count_ = 0;
            restart();
            return 0;
        },
        HANDLER_BUTTON);
    add_read_handler("length", [this](Element*) { return std::to_string(length_) + "\n"; });
    add_write_handler("length", [this](const std::string& v, Element*, ErrorHandler* errh) {
        uint32_t n;
        std::string why;
        if (!parse_value(v, n, why)) return errh->error("length: " + why);
        if (n > kMaxLength) return errh->error("length: must be at most 65535");
        length_ = n;
        return 0;
    });
    add_read_handler("active", [this](Element*) { return std::string(active_ ? "true\n" : "false\n"); });
    add_write_handler("active", [this](const std::string& v, Element*, ErrorHandler* errh) {
        bool a;
        std::string why;
        if (!parse_value(v, a, why)) return errh->error("active: " + why);
        active_ = a;
        restart();
        return 0;
    });
}

CLICKOS_ELEMENT(RandomSource);

}  // namespace clickos
