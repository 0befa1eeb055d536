#include "ratedsource.hh"

#include <cstring>

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/router.hh"
#include "sources/source_data.hh"

namespace clickos {

int RatedSource::configure(Args& args) {
    int64_t datasize = -1;
    uint32_t rate = rate_;
    Bandwidth bandwidth;
    data_ = source_data::default_data();
    if (args.read_p("DATA", data_)
            .read_p("RATE", rate)
            .read_p("LIMIT", limit_)
            .read_p("ACTIVE", active_)
            .read("LENGTH", length_)
            .read("DATASIZE", datasize)
            .read("BANDWIDTH", bandwidth)
            .read("STOP", stop_)
            .complete() < 0)
        return -1;
    if (args.given("DATASIZE") && !args.given("LENGTH")) length_ = datasize;
    if (length_ < 0) length_ = -1;
    if (length_ > 65535) return args.error("LENGTH must be at most 65535");
    if (args.given("BANDWIDTH")) {
        if (args.given("RATE")) return args.error("RATE and BANDWIDTH are mutually exclusive");
        size_t len = source_data::fit(data_, length_).size();
        if (len == 0) return args.error("BANDWIDTH needs a packet length above zero");
        double r = bandwidth.bytes_per_sec / double(len) + 0.5;
        if (r > 4294967295.0) return args.error("BANDWIDTH too large");
        rate = uint32_t(r);
    }
    set_rate(rate);
    return 0;
}

void RatedSource::set_rate(uint32_t rate) {
    rate_ = rate;
    bucket_.configure(rate, TokenBucket::capacity_for(rate, burst_ns));
}

bool RatedSource::make_prototype(ErrorHandler* errh) {
    Packet* p = source_data::prototype(source_data::fit(data_, length_));
    if (!p) {
        errh->error("out of memory");
        return false;
    }
    if (prototype_) prototype_->kill();  // clones in flight keep the old data alive
    prototype_ = p;
    return true;
}

int RatedSource::initialize(ErrorHandler* errh) {
    if (!make_prototype(errh)) return -1;
    bucket_.reset(Timestamp::now_steady().ns);
    timer_.initialize(this);
    if (output_is_push(0))
        task_.initialize(this, active_);
    else
        notifier_.set_active(active_);
    return 0;
}

void RatedSource::cleanup(CleanupStage) {
    if (prototype_) prototype_->kill();
    prototype_ = nullptr;
}

void* RatedSource::cast(const char* name) {
    if (std::strcmp(name, ActiveNotifier::empty_name) == 0) return &notifier_;
    return Element::cast(name);
}

void RatedSource::finished() {
    notifier_.set_active(false);
    if (done_) return;
    done_ = true;
    if (stop_) router()->please_stop();
}

void RatedSource::sleep_until_due(int64_t now) {
    int64_t wait = bucket_.wait_ns();
    if (wait >= 0) timer_.schedule_at(Timestamp{now + wait});  // else a zero rate: until a handler
    notifier_.set_active(false);
}

uint64_t RatedSource::allowed(int64_t now, uint64_t max) {
    if (limit_ >= 0) {
        if (count_ >= uint64_t(limit_)) {
            finished();
            return 0;
        }
        max = std::min(max, uint64_t(limit_) - count_);
    }
    bucket_.refill(now);
    uint64_t n = std::min(max, bucket_.tokens());
    if (n == 0) sleep_until_due(now);
    return n;
}

bool RatedSource::run_task(Task*) {
    if (!active_) return false;
    int64_t now = Timestamp::now_steady().ns;
    if (allowed(now, 1) == 0) return false;  // the timer or a handler reschedules
    Packet* p = prototype_->clone();
    if (!p) {
        task_.fast_reschedule();
        return false;
    }
    bucket_.consume(1);
    ++count_;
    output(0).push(p);
    if (limit_ >= 0 && count_ >= uint64_t(limit_))
        finished();
    else
        task_.fast_reschedule();
    return true;
}

void RatedSource::run_timer(Timer*) {
    wake();
}

void RatedSource::wake() {
    if (!active_) {
        notifier_.set_active(false);
        return;
    }
    if (output_is_push(0))
        task_.reschedule();
    else
        notifier_.set_active(true);
}

Packet* RatedSource::pull(int) {
    if (!active_) {
        notifier_.set_active(false);
        return nullptr;
    }
    if (allowed(Timestamp::now_steady().ns, 1) == 0) return nullptr;
    Packet* p = prototype_->clone();
    if (!p) return nullptr;
    bucket_.consume(1);
    ++count_;
    if (limit_ >= 0 && count_ >= uint64_t(limit_)) finished();
    return p;
}

PacketBatch RatedSource::pull_batch(int, unsigned max) {
    PacketBatch b;
    if (!active_) {
        notifier_.set_active(false);
        return b;
    }
    uint64_t n = allowed(Timestamp::now_steady().ns, max);
    for (uint64_t i = 0; i < n; ++i) {
        Packet* p = prototype_->clone();
        if (!p) break;
        b.append(p);
    }
    bucket_.consume(b.count());
    count_ += b.count();
    if (limit_ >= 0 && count_ >= uint64_t(limit_)) finished();
    return b;
}

void RatedSource::add_handlers() {
    add_read_handler("count", [this](Element*) { return std::to_string(count_) + "\n"; });
    add_write_handler(
        "reset",
        [this](const std::string&, Element*, ErrorHandler*) {
            count_ = 0;
            done_ = false;
            wake();
            return 0;
        },
        HANDLER_BUTTON);
    add_read_handler("data", [this](Element*) { return quote(data_) + "\n"; });
    add_write_handler(
        "data",
        [this](const std::string& v, Element*, ErrorHandler* errh) {
            std::string old = data_;
            data_ = unquote(v);
            if (!make_prototype(errh)) {
                data_ = old;
                return -1;
            }
            return 0;
        },
        HANDLER_RAW);
    auto length_write = [this](const char* name) {
        return [this, name](const std::string& v, Element*, ErrorHandler* errh) {
            int64_t x;
            std::string why;
            if (!parse_value(v, x, why) || x < -1 || x > 65535)
                return errh->error(std::string(name) + ": expected an integer from -1 to 65535");
            int64_t old = length_;
            length_ = x;
            if (!make_prototype(errh)) {
                length_ = old;
                return -1;
            }
            return 0;
        };
    };
    add_read_handler("length", [this](Element*) { return std::to_string(length_) + "\n"; });
    add_write_handler("length", length_write("length"));
    add_read_handler("datasize", [this](Element*) { return std::to_string(length_) + "\n"; });
    add_write_handler("datasize", length_write("datasize"));
    add_read_handler("rate", [this](Element*) { return std::to_string(rate_) + "\n"; });
    add_write_handler("rate", [this](const std::string& v, Element*, ErrorHandler* errh) {
        uint32_t r;
        std::string why;
        if (!parse_value(v, r, why)) return errh->error("rate: " + why);
        bucket_.refill(Timestamp::now_steady().ns);
        set_rate(r);
        wake();
        return 0;
    });
    add_read_handler("limit", [this](Element*) { return std::to_string(limit_) + "\n"; });
    add_write_handler("limit", [this](const std::string& v, Element*, ErrorHandler* errh) {
        int64_t x;
        std::string why;
        if (!parse_value(v, x, why)) return errh->error("limit: " + why);
        limit_ = x < 0 ? -1 : x;
        if (limit_ < 0 || count_ < uint64_t(limit_)) done_ = false;
        wake();
        return 0;
    });
    add_read_handler("active", [this](Element*) { return std::string(active_ ? "true\n" : "false\n"); });
    add_write_handler("active", [this](const std::string& v, Element*, ErrorHandler* errh) {
        bool a;
        std::string why;
        if (!parse_value(v, a, why)) return errh->error("active: " + why);
        active_ = a;
        wake();
        return 0;
    });
    if (output_is_push(0)) add_task_handlers(&task_);
}

CLICKOS_ELEMENT(RatedSource);

}  // namespace clickos
