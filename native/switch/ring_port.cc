#include "ring_port.hh"

#include <cstring>

#include "clickos/platform.hh"

namespace clickos::sw {

using netfront::PortFds;
using netfront::PortMemory;

std::unique_ptr<RingPort> RingPort::create(const std::string& name, uint32_t nslots, uint32_t frame_size,
                                           std::string& error) {
    auto mem = PortMemory::create(name, nslots, frame_size, error);
    if (!mem) return nullptr;
    std::unique_ptr<RingPort> p(new RingPort());
    p->fds_.mem = mem->fd();
    for (int* fd : {&p->fds_.rx_data, &p->fds_.rx_space, &p->fds_.tx_data, &p->fds_.tx_space}) {
        *fd = platform::create_event(error);
        if (*fd < 0) return nullptr;
    }
    p->memory_ = std::move(mem);
    p->name = name;
    p->init_rings();
    return p;
}

std::unique_ptr<RingPort> RingPort::adopt(const PortFds& fds, std::string& error) {
    auto mem = PortMemory::attach(fds.mem, error);
    if (!mem) return nullptr;
    std::unique_ptr<RingPort> p(new RingPort());
    p->fds_ = fds;
    p->memory_ = std::move(mem);
    p->name = p->memory_->header()->name;
    p->init_rings();
    return p;
}

void RingPort::init_rings() {
    uint32_t n = memory_->nslots();
    tx_ = netfront::RingConsumer(memory_->tx(), n, fds_.tx_space);
    rx_ = netfront::RingProducer(memory_->rx(), n, fds_.rx_data);
}

RingPort::~RingPort() {
    // The memory fd is owned by PortMemory; the events are ours.
    for (int fd : {fds_.rx_data, fds_.rx_space, fds_.tx_data, fds_.tx_space}) platform::close_fd(fd);
}

uint32_t RingPort::receive(Frame* frames, uint32_t max) {
    if (max > 64) max = 64;
    uint32_t n = tx_.available(max);
    if (n > max) n = max;
    received_ = n;
    uint32_t out = 0;
    for (uint32_t i = 0; i < n; ++i) {
        netfront::Slot s = tx_.slot(i);  // copied once: the instance may change it meanwhile
        if (!memory_->valid_buffer(s.buf) || s.len > memory_->max_frame() || s.len < 14) {
            ++counters.bad_frames;
            continue;
        }
        frame_slot_[out] = i + 1;
        frames[out++] = Frame{memory_->frame(s.buf), s.len};
    }
    frames_out_ = out;
    return out;
}

void RingPort::release_received(uint32_t n) {
    // All frames: every slot looked at (bad ones too); fewer: up to that frame's slot.
    uint32_t slots = n >= frames_out_ ? received_ : n == 0 ? 0 : frame_slot_[n - 1];
    tx_.release(slots);
    received_ = 0;
    frames_out_ = 0;
}

bool RingPort::room_or_wait() {
    if (rx_.space(staged_ + 1) > staged_) return true;
    return !rx_.prepare_wait();
}

void RingPort::space_woken() {
    platform::consume_event(fds_.rx_space);
}

bool RingPort::more_or_sleep() {
    if (tx_.available(1) > 0) return true;
    return !tx_.prepare_sleep();
}

void RingPort::woken() {
    platform::consume_event(fds_.tx_data);
}

bool RingPort::stage(const uint8_t* data, uint32_t len) {
    if (len > memory_->max_frame()) return false;
    if (rx_room_ == 0) {
        // space() counts from the published head: the slots staged since are not free.
        uint32_t free = rx_.space(staged_ + 1);
        rx_room_ = free > staged_ ? free - staged_ : 0;
    }
    if (rx_room_ == 0) return false;
    netfront::Slot& s = rx_.slot(staged_);
    uint32_t index = s.buf;
    if (!memory_->valid_buffer(index)) {
        ++counters.bad_frames;  // the instance put a bad buffer in a slot it gave back
        return false;
    }
    std::memcpy(memory_->frame(index), data, len);
    s.len = uint16_t(len);
    ++staged_;
    --rx_room_;
    return true;
}

void RingPort::flush() {
    if (staged_) rx_.publish(staged_);
    staged_ = 0;
    rx_room_ = 0;
}

uint32_t RingPort::flush_quietly() {
    uint32_t n = staged_;
    if (n) rx_.publish_quietly(n);
    staged_ = 0;
    rx_room_ = 0;
    return n;
}

}  // namespace clickos::sw
