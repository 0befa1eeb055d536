#include "packet_port.hh"

#include <net/if.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "clickos/platform.hh"

namespace clickos::sw {

std::unique_ptr<PacketPort> PacketPort::open(const std::string& ifname, std::string& error) {
    platform::PacketSocketOptions o;
    o.promiscuous = true;
    o.qdisc_bypass = true;
    o.outgoing = false;  // do not see our own transmissions back
    // 128 blocks of 64 KiB: 8 MiB of receive ring, 4096 frames at MTU 1500 (a stream's frames
    // take a slot each, so the ring holds fewer than the per-block ring did: 4 MiB dropped
    // frames when the switch was descheduled on a loaded machine). Each frame is readable as
    // soon as it arrived (TPACKET_V2), so a lone frame is forwarded at once.
    o.ring_blocks = 128;
    o.block_bytes = 1 << 16;
    // 1024 transmit slots (2 MiB at MTU 1500): 16 of the switch's batches in flight.
    o.send_slots = 1024;
    std::unique_ptr<PacketPort> p(new PacketPort());
    p->socket_ = platform::PacketSocket::open(ifname, o, error);
    if (!p->socket_) return nullptr;
    p->wake_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
    p->pause_fd_ = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = p->pause_fd_;
    epoll_event sock{};
    sock.events = 0;  // added disarmed; armed when the port sleeps
    sock.data.fd = p->socket_->fd();
    if (p->wake_fd_ < 0 || p->pause_fd_ < 0 || ::epoll_ctl(p->wake_fd_, EPOLL_CTL_ADD, p->pause_fd_, &ev) < 0 ||
        ::epoll_ctl(p->wake_fd_, EPOLL_CTL_ADD, p->socket_->fd(), &sock) < 0 || !p->arm_socket(true)) {
        error = std::string("NIC port wake-up descriptors: ") + std::strerror(errno);
        return nullptr;
    }
    p->name = ifname;
    p->ifindex_ = int(if_nametoindex(ifname.c_str()));
    return p;
}

PacketPort::~PacketPort() {
    if (wake_fd_ >= 0) ::close(wake_fd_);
    if (pause_fd_ >= 0) ::close(pause_fd_);
}

bool PacketPort::arm_socket(bool on) {
    // One-shot: the first event disarms it again (taken in woken()), so a port that is busy
    // or paused has no waiter for the kernel to call per frame.
    epoll_event ev{};
    ev.events = on ? uint32_t(EPOLLIN | EPOLLONESHOT) : 0u;
    ev.data.fd = socket_->fd();
    if (::epoll_ctl(wake_fd_, EPOLL_CTL_MOD, socket_->fd(), &ev) < 0) return false;
    armed_ = on;
    return true;
}

void PacketPort::woken() {
    epoll_event evs[2];
    int n = ::epoll_wait(wake_fd_, evs, 2, 0);
    bool timer = false, socket = false, error = false;
    for (int i = 0; i < n; ++i) {
        if (evs[i].data.fd == pause_fd_) {
            uint64_t expirations;
            if (::read(pause_fd_, &expirations, sizeof expirations) == sizeof expirations) timer = true;
        } else {
            socket = true;
            armed_ = false;  // the one-shot event disarmed it
            error = error || (evs[i].events & (EPOLLERR | EPOLLHUP));
        }
    }
    if (timer) paused_ = false;
    if (asleep_ && (timer || socket)) {
        asleep_ = false;
        woke_ns_ = platform::monotonic_ns();
        woke_by_timer_ = timer && !socket;
        got_since_wake_ = 0;
    }
    if (error && !socket_->take_error().empty() && int(if_nametoindex(name.c_str())) != ifindex_)
        interface_gone_ = true;  // deleted (or renamed): this socket will never see it again
}

uint32_t PacketPort::receive(Frame* frames, uint32_t max) {
    max = std::min(max, rx_batch);
    uint32_t got = socket_->receive(received_, max);
    last_full_ = got == max;
    got_since_wake_ += got;
    uint32_t n = 0;
    for (uint32_t i = 0; i < got; ++i) {
        // A frame longer than its ring slot (the MTU grew after attaching) arrives cut short:
        // forwarding it would deliver a corrupt frame.
        if (received_[i].length >= 14 && received_[i].length == received_[i].wire_length)
            frames[n++] = Frame{received_[i].data, received_[i].length};
        else
            ++counters.bad_frames;
    }
    return n;
}

void PacketPort::release_received(uint32_t) {
    // Frames are not kept: their ring slots go back to the kernel.
    socket_->release();
}

bool PacketPort::more_or_sleep() {
    // A full batch: more may be waiting, take the next one in the next round.
    if (last_full_) return true;
    // Frames stream in when the last sleep on the socket was short, or the last pause
    // gathered frames. Then gather them for a while (the switch forwards them in a few
    // polls) rather than poll for each one; a pause that gathered nothing ends the stream.
    bool streaming =
        woke_ns_ >= slept_ns_ && got_since_wake_ > 0 && (woke_by_timer_ || woke_ns_ - slept_ns_ < stream_gap_ns);
    if (!streaming && socket_->pending()) return true;
    if (streaming && !paused_) {
        itimerspec t{};
        t.it_value.tv_nsec = pause_ns;
        if (::timerfd_settime(pause_fd_, 0, &t, nullptr) == 0) paused_ = true;
        if (paused_ && armed_) arm_socket(false);  // the pause wakes it, not the next frame
    }
    if (!paused_) {
        // Armed, then checked again: a frame that came before arming is seen here, one after
        // makes the socket ready. A socket that cannot be armed is polled instead.
        if (!armed_ && !arm_socket(true)) return true;
        if (socket_->pending()) return true;
    }
    slept_ns_ = platform::monotonic_ns();
    asleep_ = true;
    return false;
}

bool PacketPort::stage(const uint8_t* data, uint32_t len) {
    if (socket_->queued() >= platform::PacketSocket::max_send_batch) flush();
    // A full ring or a frame longer than the interface takes: the switch counts a drop.
    return socket_->queue(data, len);
}

void PacketPort::flush() {
    uint32_t queued = socket_->queued();
    if (queued == 0) return;
    // Frames the kernel did not take (its queue was full, or it refused one) are dropped, as
    // on a busy wire.
    uint32_t sent = socket_->flush();
    if (sent < queued) {
        uint64_t lost = queued - sent;
        counters.tx_drops += lost;
        counters.tx_packets -= std::min<uint64_t>(counters.tx_packets, lost);
    }
}

}  // namespace clickos::sw
