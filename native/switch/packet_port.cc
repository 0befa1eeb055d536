#include "packet_port.hh"

#include <net/if.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>

namespace clickos::sw {

std::unique_ptr<PacketPort> PacketPort::open(const std::string& ifname, std::string& error) {
    platform::PacketSocketOptions o;
    o.promiscuous = true;
    o.qdisc_bypass = true;
    o.outgoing = false;  // do not see our own transmissions back
    // 64 blocks of 64 KiB: 4 MiB of receive ring; a block is handed over when full or after 1 ms.
    o.ring_blocks = 64;
    o.block_bytes = 1 << 16;
    o.block_timeout_ms = 1;
    std::unique_ptr<PacketPort> p(new PacketPort());
    p->socket_ = platform::PacketSocket::open(ifname, o, error);
    if (!p->socket_) return nullptr;
    p->tx_buf_.resize(size_t(tx_batch) * tx_frame);
    for (uint32_t i = 0; i < tx_batch; ++i) p->tx_data_[i] = p->tx_buf_.data() + size_t(i) * tx_frame;
    p->name = ifname;
    p->ifindex_ = int(if_nametoindex(ifname.c_str()));
    return p;
}

void PacketPort::woken() {
    int err = 0;
    socklen_t len = sizeof err;
    if (::getsockopt(socket_->fd(), SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err != 0 &&
        int(if_nametoindex(name.c_str())) != ifindex_)
        interface_gone_ = true;  // deleted (or renamed): this socket will never see it again
}

uint32_t PacketPort::receive(Frame* frames, uint32_t max) {
    uint32_t got = socket_->receive(received_, std::min(max, rx_batch));
    uint32_t n = 0;
    for (uint32_t i = 0; i < got; ++i) {
        if (received_[i].length >= 14)
            frames[n++] = Frame{received_[i].data, received_[i].length};
        else
            ++counters.bad_frames;
    }
    return n;
}

void PacketPort::release_received(uint32_t) {
    // Frames are not kept: the block goes back once every frame in it was forwarded.
    socket_->release();
}

bool PacketPort::more_or_sleep() {
    return socket_->pending();
}

bool PacketPort::stage(const uint8_t* data, uint32_t len) {
    if (tx_count_ >= tx_batch) flush();
    if (len > tx_frame) return false;
    std::memcpy(tx_buf_.data() + size_t(tx_count_) * tx_frame, data, len);
    tx_len_[tx_count_++] = len;
    return true;
}

void PacketPort::flush() {
    if (tx_count_ == 0) return;
    // A refused frame means the device queue is full: the rest is dropped, as on a busy wire.
    uint32_t sent = socket_->send(tx_data_, tx_len_, tx_count_);
    if (sent < tx_count_) {
        uint64_t lost = tx_count_ - sent;
        counters.tx_drops += lost;
        counters.tx_packets -= std::min<uint64_t>(counters.tx_packets, lost);
    }
    tx_count_ = 0;
}

}  // namespace clickos::sw
