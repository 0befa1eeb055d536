#include "tonetfront.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/platform.hh"
#include "clickos/router.hh"

namespace clickos {

using netfront::Attachment;

int ToNetfront::configure(Args& args) {
    link_.declare(args);
    if (args.read_p("BURST", burst_).complete() < 0 || link_.check(args) < 0) return -1;
    if (burst_ == 0 || burst_ > 2048) return args.error("BURST must be from 1 to 2048");
    return 0;
}

int ToNetfront::initialize(ErrorHandler* errh) {
    port_ = link_.open(errh);
    if (!port_) return -1;
    if (input_is_pull(0)) {
        signal_ = router()->upstream_empty_signal(this, 0, &task_);
        router()->add_select(port_->fds().tx_space, platform::Poller::Read, this);
        task_.initialize(this, true);
    }
    return 0;
}

void ToNetfront::cleanup(CleanupStage) {
    link_.close();
    if (port_ && router() && input_is_pull(0)) router()->add_select(port_->fds().tx_space, 0, this);
}

uint32_t ToNetfront::send(PacketBatch& batch, uint32_t space) {
    auto& tx = port_->tx();
    auto& mem = port_->memory();
    uint32_t used = 0;
    while (used < space && !batch.empty()) {
        Packet* p = batch.pop_front();
        netfront::Slot& s = tx.slot(used);
        int64_t own = mem.buffer_of(p->data());
        if (own >= 0 && !p->shared() && p->data() == mem.frame(uint32_t(own)) &&
            port_->where(uint32_t(own)) == Attachment::Where::Graph) {
            // The frame's buffer goes to the ring; the slot's buffer becomes a spare.
            uint32_t old = s.buf;
            port_->set_where(uint32_t(own), Attachment::Where::Ring);
            s.buf = uint32_t(own);
            s.len = uint16_t(p->length());
            p->kill();
            if (mem.valid_buffer(old) && port_->where(old) == Attachment::Where::Ring) port_->give_spare(old);
            ++zero_copy_;
        } else if (p->length() > mem.max_frame() || !mem.valid_buffer(s.buf)) {
            ++drops_;
            p->kill();
            continue;
        } else {
            std::memcpy(mem.frame(s.buf), p->data(), p->length());
            s.len = uint16_t(p->length());
            p->kill();
        }
        ++used;
    }
    tx.publish(used);
    count_ += used;
    return used;
}

void ToNetfront::push(int, Packet* p) {
    PacketBatch b(p);
    push_batch(0, b);
}

void ToNetfront::push_batch(int, PacketBatch& batch) {
    send(batch, port_->tx().space());
    drops_ += batch.count();  // the ring was full
    batch.kill();
}

bool ToNetfront::run_task(Task*) {
    auto& tx = port_->tx();
    uint32_t space = tx.space();
    if (space == 0) {
        if (tx.prepare_wait()) return false;  // the switch kicks tx_space when it frees slots
        space = tx.space();
    }
    PacketBatch batch = input(0).pull_batch(std::min(space, burst_));
    bool worked = !batch.empty();
    send(batch, space);
    batch.kill();
    if (worked || signal_.active()) task_.fast_reschedule();
    return worked;
}

void ToNetfront::selected(int fd, int) {
    if (link_.handle_selected(fd)) return;
    platform::consume_event(fd);
    task_.reschedule();
}

void ToNetfront::take_state(Element* old, ErrorHandler*) {
    auto* o = static_cast<ToNetfront*>(old);
    count_ = o->count_;
    drops_ = o->drops_;
    zero_copy_ = o->zero_copy_;
    link_.take_over(o->link_);
}

void ToNetfront::add_handlers() {
    add_read_handler("count", [this](Element*) { return std::to_string(count_) + "\n"; });
    add_read_handler("drops", [this](Element*) { return std::to_string(drops_) + "\n"; });
    add_read_handler("zero_copy", [this](Element*) { return std::to_string(zero_copy_) + "\n"; });
    if (input_is_pull(0)) add_task_handlers(&task_);
}

CLICKOS_ELEMENT(ToNetfront);

}  // namespace clickos
