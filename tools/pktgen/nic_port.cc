#include "nic_port.hh"

#include <poll.h>
#include <time.h>

#include "clickos/platform.hh"

namespace clickos::pktgen {

bool NicPort::open(const std::string& ifname, uint32_t max_frame, bool gather, std::string& error) {
    gather_ = gather;
    platform::PacketSocketOptions o;
    o.promiscuous = true;   // a sink counts frames for any address
    o.qdisc_bypass = true;  // as the switch's NIC ports
    // A sink that gathers streams gets 16 MiB of ring (8192 frames at MTU 1500), so that a
    // descheduled sink loses no frame and its count says what the interface delivered.
    if (gather) o.ring_blocks = 256;
    socket_ = platform::PacketSocket::open(ifname, o, error);
    if (!socket_) return false;
    max_frame_ = max_frame;
    tx_buf_.resize(size_t(batch) * max_frame_);
    for (uint32_t i = 0; i < batch; ++i) tx_ptr_[i] = tx_frame(i);
    return true;
}

uint32_t NicPort::send(uint32_t n) {
    uint32_t sent = socket_->send(tx_ptr_, tx_len_, n);
    full_ = sent < n && socket_->send_status() == platform::PacketSocket::SendStatus::Full;
    return sent;
}

bool NicPort::wait_tx(bool busy, int64_t timeout_ns) {
    if (!full_) return true;
    full_ = false;
    if (busy) return true;  // try again at once
    pollfd p{socket_->send_fd(), POLLOUT, 0};
    return ::poll(&p, 1, int(timeout_ns / 1'000'000)) > 0;
}

uint32_t NicPort::rx_available() {
    if (rx_count_ == 0) rx_count_ = socket_->receive(rx_, 256);
    return rx_count_;
}

void NicPort::release(uint32_t n) {
    // pktgen releases everything it looked at; frames stay valid until then.
    if (n >= rx_count_) {
        rx_count_ = 0;
        socket_->release();
    }
}

bool NicPort::wait_rx(bool busy, int64_t timeout_ns) {
    int64_t deadline = platform::monotonic_ns() + timeout_ns;
    while (rx_available() == 0) {
        int64_t left = deadline - platform::monotonic_ns();
        if (left <= 0) return false;
        if (busy || socket_->pending()) continue;
        if (pause_next_) {
            // A stream: let frames gather, and keep pausing while pauses gather some.
            timespec ts{0, pause_ns};
            nanosleep(&ts, nullptr);
            pause_next_ = socket_->pending();
            continue;
        }
        int64_t slept = platform::monotonic_ns();
        platform::wait_readable(socket_->fd(), std::min<int64_t>(left, 100'000'000));
        socket_->take_error();  // an interface going down would keep the descriptor ready
        pause_next_ = gather_ && platform::monotonic_ns() - slept < stream_gap_ns;
    }
    return true;
}

}  // namespace clickos::pktgen
