#include "trace_source.hh"

#include <cstdio>

#include "clickos/platform.hh"
#include "clickos/router.hh"

namespace clickos::traces {

namespace {
constexpr int sampling_shift = 28;
}

Args& TraceSource::read_source_keywords(Args& args) {
    return args.read("STOP", stop_)
        .read("TIMING", timing_)
        .read("SAMPLE", sample_)
        .read("ACTIVE", active_)
        .read("END_CALL", end_call_);
}

int TraceSource::check_source_keywords(Args& args) {
    if (sample_ < 0 || sample_ > 1) return args.error("SAMPLE must be between 0 and 1");
    if (stop_ && args.given("END_CALL")) return args.error("STOP and END_CALL are mutually exclusive");
    sample_threshold_ = uint32_t(sample_ * double(1u << sampling_shift) + 0.5);
    return 0;
}

void TraceSource::initialize_source() {
    rng_ = uint64_t(platform::monotonic_ns()) | 1;
    timer_.initialize(this);
    notifier_.set_active(active_);
    if (output_is_push(0)) task_.initialize(this, active_);
}

void* TraceSource::cast(const char* name) {
    if (std::string(name) == ActiveNotifier::empty_name) return &notifier_;
    return Element::cast(name);
}

void TraceSource::cleanup(CleanupStage) {
    if (pending_) pending_->kill();
    pending_ = nullptr;
}

void TraceSource::runtime_error(const std::string& message) const {
    platform::write_stderr(declaration() + ": " + message + "\n");
}

bool TraceSource::sampled() {
    if (sample_threshold_ >= (1u << sampling_shift)) return true;
    // xorshift64: cheap and good enough to thin a trace.
    rng_ ^= rng_ << 13;
    rng_ ^= rng_ >> 7;
    rng_ ^= rng_ << 17;
    return uint32_t(rng_ >> 11) % (1u << sampling_shift) < sample_threshold_;
}

Packet* TraceSource::next_due() {
    for (;;) {
        Packet* p = pending_;
        pending_ = nullptr;
        if (!p) {
            p = read_next();
            if (!p) {
                finish();
                return nullptr;
            }
            if (!sampled()) {
                p->kill();
                continue;
            }
        }
        if (timing_) {
            Timestamp now = Timestamp::now_steady();
            if (!have_timing_) {
                timing_offset_ = now - p->timestamp_anno();
                have_timing_ = true;
            }
            Timestamp due = p->timestamp_anno() + timing_offset_;
            if (due > now) {
                pending_ = p;
                waiting_ = true;
                notifier_.set_active(false);
                timer_.schedule_at(due);
                return nullptr;
            }
        }
        return p;
    }
}

bool TraceSource::run_task(Task*) {
    if (!active_ || done_ || waiting_) return false;
    PacketBatch out[2];
    unsigned n = 0;
    while (n < burst) {
        Packet* p = next_due();
        if (!p) break;
        int port = classify(p);
        if (port < 0 || port >= noutputs() || port > 1) {
            p->kill();
            continue;
        }
        out[port].append(p);
        ++n;
    }
    count_ += out[0].count() + out[1].count();
    if (!out[0].empty()) output(0).push_batch(out[0]);
    if (!out[1].empty()) output(1).push_batch(out[1]);
    if (active_ && !done_ && !waiting_) task_.fast_reschedule();
    return n > 0;
}

void TraceSource::run_timer(Timer*) {
    waiting_ = false;
    if (!active_ || done_) return;
    notifier_.set_active(true);
    if (output_is_push(0)) task_.reschedule();
}

Packet* TraceSource::pull(int) {
    if (!active_ || done_ || waiting_) return nullptr;
    for (;;) {
        Packet* p = next_due();
        if (!p) return nullptr;
        int port = classify(p);
        if (port == 0) {
            ++count_;
            return p;
        }
        if (port == 1 && noutputs() > 1) {
            ++count_;
            output(1).push(p);
        } else
            p->kill();
    }
}

void TraceSource::finish() {
    if (done_) return;
    done_ = true;
    notifier_.set_active(false);
    if (stop_) router()->please_stop();
    if (end_call_.empty()) {
        active_ = false;  // Click's default END_CALL: "active false"
        return;
    }
    std::string error;
    if (!router()->call_from(this, end_call_, error)) runtime_error("END_CALL: " + error);
}

void TraceSource::resume() {
    done_ = false;
    set_active(true);
}

void TraceSource::set_active(bool active) {
    active_ = active;
    notifier_.set_active(active_ && !done_ && !waiting_);
    if (active_ && !done_ && !waiting_ && output_is_push(0)) task_.reschedule();
}

void TraceSource::add_source_handlers() {
    add_read_handler("count", [this](Element*) { return std::to_string(count_) + "\n"; });
    add_write_handler(
        "reset_counts",
        [this](const std::string&, Element*, ErrorHandler*) {
            count_ = 0;
            return 0;
        },
        HANDLER_BUTTON);
    add_read_handler("active", [this](Element*) { return std::string(active_ ? "true\n" : "false\n"); });
    add_write_handler("active", [this](const std::string& v, Element*, ErrorHandler* errh) {
        bool b;
        std::string why;
        if (!parse_value(v, b, why)) return errh->error("active: " + why);
        set_active(b);
        return 0;
    });
    add_read_handler("sampling_prob", [this](Element*) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.9g\n", double(sample_threshold_) / double(1u << sampling_shift));
        return std::string(buf);
    });
    add_write_handler(
        "reset_timing",
        [this](const std::string&, Element*, ErrorHandler*) {
            have_timing_ = false;
            return 0;
        },
        HANDLER_BUTTON);
    if (output_is_push(0)) add_task_handlers(&task_);
}

}  // namespace clickos::traces
