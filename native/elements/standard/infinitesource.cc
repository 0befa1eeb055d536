#include "infinitesource.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/platform.hh"
#include "clickos/router.hh"

namespace clickos {

int InfiniteSource::configure(Args& args) {
    int64_t datasize = -1;
    RawArg end_call;
    data_ = std::string(64, '\0');
    if (args.read_p("DATA", data_)
            .read_p("LIMIT", limit_)
            .read_p("BURST", burst_)
            .read_p("ACTIVE", active_)
            .read("LENGTH", length_)
            .read("DATASIZE", datasize)
            .read("STOP", stop_)
            .read("END_CALL", end_call)
            .complete() < 0)
        return -1;
    if (burst_ == 0) return args.error("BURST must be at least 1");
    if (args.given("DATASIZE") && !args.given("LENGTH")) length_ = datasize;
    if (length_ > 65535) return args.error("LENGTH must be at most 65535");
    end_call_ = end_call.text;
    make_data();
    return 0;
}

void InfiniteSource::make_data() {
    packet_data_ = data_;
    if (length_ >= 0) {
        if (packet_data_.empty()) packet_data_.assign(size_t(length_), '\0');
        while (packet_data_.size() < size_t(length_)) packet_data_ += data_;
        packet_data_.resize(size_t(length_));
    }
}

int InfiniteSource::initialize(ErrorHandler*) {
    if (output_is_push(0)) task_.initialize(this, active_);
    return 0;
}

void InfiniteSource::finished() {
    if (done_) return;
    done_ = true;
    if (stop_) router()->please_stop();
    std::string error;
    if (!end_call_.empty() && !router()->call_from(this, end_call_, error))
        platform::write_stderr(declaration() + ": END_CALL: " + error + "\n");
}

bool InfiniteSource::run_task(Task*) {
    if (!active_) return false;
    uint32_t n = burst_;
    if (limit_ >= 0) {
        if (count_ >= uint64_t(limit_)) {
            finished();
            return false;
        }
        n = uint32_t(std::min<uint64_t>(n, uint64_t(limit_) - count_));
    }
    PacketBatch batch;
    const char* data = packet_data_.data();
    uint32_t len = uint32_t(packet_data_.size());
    for (uint32_t i = 0; i < n; ++i) {
        Packet* p = Packet::make(Packet::default_headroom, data, len, 0);
        if (!p) break;
        batch.append(p);
    }
    count_ += batch.count();
    if (!batch.empty()) output(0).push_batch(batch);
    if (limit_ >= 0 && count_ >= uint64_t(limit_))
        finished();
    else
        task_.fast_reschedule();
    return true;
}

Packet* InfiniteSource::pull(int) {
    if (!active_) return nullptr;
    if (limit_ >= 0 && count_ >= uint64_t(limit_)) {
        finished();
        return nullptr;
    }
    Packet* p = Packet::make(Packet::default_headroom, packet_data_.data(), uint32_t(packet_data_.size()), 0);
    if (p) ++count_;
    return p;
}

void InfiniteSource::add_handlers() {
    add_read_handler("count", [this](Element*) { return std::to_string(count_) + "\n"; });
    add_write_handler(
        "reset",
        [this](const std::string&, Element*, ErrorHandler*) {
            count_ = 0;
            done_ = false;
            if (active_ && output_is_push(0)) task_.reschedule();
            return 0;
        },
        HANDLER_BUTTON);
    add_read_handler("data", [this](Element*) { return quote(data_) + "\n"; });
    add_write_handler(
        "data",
        [this](const std::string& v, Element*, ErrorHandler*) {
            data_ = unquote(v);
            make_data();
            return 0;
        },
        HANDLER_RAW);
    auto number = [this](const char* name, int64_t& field, int64_t min) {
        add_read_handler(name, [&field](Element*) { return std::to_string(field) + "\n"; });
        add_write_handler(name, [this, &field, name, min](const std::string& v, Element*, ErrorHandler* errh) {
            int64_t x;
            std::string why;
            if (!parse_value(v, x, why) || x < min)
                return errh->error(std::string(name) + ": expected integer >= " + std::to_string(min));
            field = x;
            make_data();
            if (active_ && output_is_push(0)) task_.reschedule();
            return 0;
        });
    };
    number("limit", limit_, -1);
    number("length", length_, -1);
    add_read_handler("burst", [this](Element*) { return std::to_string(burst_) + "\n"; });
    add_write_handler("burst", [this](const std::string& v, Element*, ErrorHandler* errh) {
        uint32_t b;
        std::string why;
        if (!parse_value(v, b, why) || b == 0) return errh->error("burst: expected a positive integer");
        burst_ = b;
        return 0;
    });
    add_read_handler("active", [this](Element*) { return std::string(active_ ? "true\n" : "false\n"); });
    add_write_handler("active", [this](const std::string& v, Element*, ErrorHandler* errh) {
        std::string why;
        if (!parse_value(v, active_, why)) return errh->error("active: " + why);
        if (active_ && output_is_push(0)) task_.reschedule();
        return 0;
    });
    if (output_is_push(0)) add_task_handlers(&task_);
}

CLICKOS_ELEMENT(InfiniteSource);

}  // namespace clickos
