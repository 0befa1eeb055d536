#include "fromnetfront.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/platform.hh"
#include "clickos/router.hh"

namespace clickos {

using netfront::Attachment;

int FromNetfront::configure(Args& args) {
    link_.declare(args);
    if (args.read_p("BURST", burst_).read_p("ACTIVE", active_).complete() < 0 || link_.check(args) < 0) return -1;
    if (burst_ == 0 || burst_ > 2048) return args.error("BURST must be from 1 to 2048");
    return 0;
}

int FromNetfront::initialize(ErrorHandler* errh) {
    port_ = link_.open(errh);
    if (!port_) return -1;
    router()->add_select(port_->fds().rx_data, platform::Poller::Read, this);
    task_.initialize(this, active_);
    return 0;
}

void FromNetfront::cleanup(CleanupStage) {
    link_.close();
    if (port_ && router()) router()->add_select(port_->fds().rx_data, 0, this);
}

bool FromNetfront::run_task(Task*) {
    if (!active_) return false;
    auto& rx = port_->rx();
    auto& mem = port_->memory();
    uint32_t n = rx.available();
    if (n == 0) {
        if (rx.prepare_sleep()) return false;  // the switch kicks rx_data when frames come
        n = rx.available();
    }
    if (n > burst_) n = burst_;
    PacketBatch batch;
    for (uint32_t i = 0; i < n; ++i) {
        netfront::Slot& s = rx.slot(i);
        uint32_t index = s.buf;
        uint32_t len = s.len;
        if (!mem.valid_buffer(index) || len > mem.max_frame() || port_->where(index) != Attachment::Where::Ring) {
            ++bad_;
            continue;
        }
        Packet* p = nullptr;
        uint32_t spare;
        if (port_->take_spare(spare)) {
            p = Packet::make_external(mem.buffer(index), mem.buf_size(), netfront::buffer_headroom, len,
                                      Attachment::release_buffer, port_.get());
            if (p) {
                s.buf = spare;
                port_->set_where(spare, Attachment::Where::Ring);
                port_->set_where(index, Attachment::Where::Graph);
            } else {
                port_->give_spare(spare);
            }
        } else {
            p = Packet::make(mem.frame(index), len);
            ++copies_;
        }
        if (p) batch.append(p);
    }
    rx.release(n);
    count_ += batch.count();
    if (!batch.empty()) output(0).push_batch(batch);
    task_.fast_reschedule();
    return true;
}

void FromNetfront::selected(int fd, int) {
    if (link_.handle_selected(fd)) return;
    platform::consume_event(fd);
    if (active_) task_.reschedule();
}

void FromNetfront::take_state(Element* old, ErrorHandler*) {
    auto* o = static_cast<FromNetfront*>(old);
    count_ = o->count_;
    copies_ = o->copies_;
    bad_ = o->bad_;
    link_.take_over(o->link_);
}

void FromNetfront::add_handlers() {
    add_read_handler("count", [this](Element*) { return std::to_string(count_) + "\n"; });
    add_read_handler("copies", [this](Element*) { return std::to_string(copies_) + "\n"; });
    add_read_handler("bad_slots", [this](Element*) { return std::to_string(bad_) + "\n"; });
    add_read_handler("active", [this](Element*) { return std::string(active_ ? "true\n" : "false\n"); });
    add_write_handler("active", [this](const std::string& v, Element*, ErrorHandler* errh) {
        std::string why;
        if (!parse_value(v, active_, why)) return errh->error("active: " + why);
        if (active_) task_.reschedule();
        return 0;
    });
    add_task_handlers(&task_);
}

CLICKOS_ELEMENT(FromNetfront);

}  // namespace clickos
