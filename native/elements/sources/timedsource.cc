#include "timedsource.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/router.hh"
#include "sources/source_data.hh"

namespace clickos {

int TimedSource::configure(Args& args) {
    Seconds interval{interval_};
    data_ = source_data::default_data();
    if (args.read_p("INTERVAL", interval)
            .read_p("DATA", data_)
            .read("LIMIT", limit_)
            .read("HEADROOM", headroom_)
            .read("STOP", stop_)
            .read("ACTIVE", active_)
            .complete() < 0)
        return -1;
    if (headroom_ > max_headroom) return args.error("HEADROOM must be at most 1024");
    if (data_.size() > 65535) return args.error("DATA must be at most 65535 bytes");
    interval_ = interval.value;
    if (limit_ < 0) limit_ = -1;
    return 0;
}

bool TimedSource::make_prototype(ErrorHandler* errh) {
    Packet* p = source_data::prototype(data_, headroom_);
    if (!p) {
        errh->error("out of memory");
        return false;
    }
    if (prototype_) prototype_->kill();  // clones in flight keep the old data alive
    prototype_ = p;
    return true;
}

int TimedSource::initialize(ErrorHandler* errh) {
    if (!make_prototype(errh)) return -1;
    timer_.initialize(this);
    if (active_ && !limit_reached()) timer_.schedule_after(interval_);
    return 0;
}

void TimedSource::cleanup(CleanupStage) {
    if (prototype_) prototype_->kill();
    prototype_ = nullptr;
}

void TimedSource::run_timer(Timer*) {
    if (!active_ || limit_reached()) return;
    if (Packet* p = prototype_->clone()) {
        ++count_;
        output(0).push(p);
    }
    if (limit_reached()) {
        if (stop_) router()->please_stop();
        return;
    }
    // Periodic from the previous expiry, but no catch-up burst after a late run.
    Timestamp next = timer_.expiry() + interval_;
    Timestamp now = Timestamp::now_steady();
    timer_.schedule_at(next < now ? now : next);
}

void TimedSource::restart() {
    if (active_ && !limit_reached() && !timer_.scheduled()) timer_.schedule_after(interval_);
}

void TimedSource::add_handlers() {
    add_read_handler("data", [this](Element*) { return quote(data_) + "\n"; });
    add_write_handler(
        "data",
        [this](const std::string& v, Element*, ErrorHandler* errh) {
            std::string d = unquote(v);
            if (d.size() > 65535) return errh->error("data: at most 65535 bytes");
            std::string old = data_;
            data_ = d;
            if (!make_prototype(errh)) {
                data_ = old;
                return -1;
            }
            return 0;
        },
        HANDLER_RAW);
    add_read_handler("interval", [this](Element*) { return interval_.str() + "\n"; });
    add_write_handler("interval", [this](const std::string& v, Element*, ErrorHandler* errh) {
        Seconds s;
        std::string why;
        if (!parse_value(v, s, why)) return errh->error("interval: " + why);
        interval_ = s.value;
        if (timer_.scheduled()) timer_.schedule_after(interval_);
        return 0;
    });
    add_read_handler("active", [this](Element*) { return std::string(active_ ? "true\n" : "false\n"); });
    add_write_handler("active", [this](const std::string& v, Element*, ErrorHandler* errh) {
        bool a;
        std::string why;
        if (!parse_value(v, a, why)) return errh->error("active: " + why);
        active_ = a;
        if (active_)
            restart();
        else
            timer_.unschedule();
        return 0;
    });
    add_write_handler(
        "reset",
        [this](const std::string&, Element*, ErrorHandler*) {
            count_ = 0;
            restart();
            return 0;
        },
        HANDLER_BUTTON);
    add_read_handler("headroom", [this](Element*) { return std::to_string(headroom_) + "\n"; });
    add_write_handler("headroom", [this](const std::string& v, Element*, ErrorHandler* errh) {
        uint32_t h;
        std::string why;
        if (!parse_value(v, h, why) || h > max_headroom)
            return errh->error("headroom: expected an integer from 0 to 1024");
        uint32_t old = headroom_;
        headroom_ = h;
        if (!make_prototype(errh)) {
            headroom_ = old;
            return -1;
        }
        return 0;
    });
    add_read_handler("count", [this](Element*) { return std::to_string(count_) + "\n"; });
    add_read_handler("limit", [this](Element*) { return std::to_string(limit_) + "\n"; });
    add_write_handler("limit", [this](const std::string& v, Element*, ErrorHandler* errh) {
        int64_t x;
        std::string why;
        if (!parse_value(v, x, why)) return errh->error("limit: " + why);
        limit_ = x < 0 ? -1 : x;
        restart();
        return 0;
    });
}

CLICKOS_ELEMENT(TimedSource);

}  // namespace clickos
