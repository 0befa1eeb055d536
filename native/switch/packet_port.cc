#include "packet_port.hh"

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <net/if.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace clickos::sw {

namespace {
std::string err(const std::string& what) {
    return what + ": " + std::strerror(errno);
}
}  // namespace

std::unique_ptr<PacketPort> PacketPort::open(const std::string& ifname, std::string& error) {
    if (ifname.empty() || ifname.size() >= IFNAMSIZ) {
        error = "bad interface name '" + ifname + "'";
        return nullptr;
    }
    std::unique_ptr<PacketPort> p(new PacketPort());
    p->ifindex_ = int(if_nametoindex(ifname.c_str()));
    if (p->ifindex_ == 0) {
        error = "no interface '" + ifname + "'";
        return nullptr;
    }
    p->fd_ = ::socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(ETH_P_ALL));
    if (p->fd_ < 0) {
        error = err("AF_PACKET socket (needs root or CAP_NET_RAW)");
        return nullptr;
    }
    int v3 = TPACKET_V3;
    if (::setsockopt(p->fd_, SOL_PACKET, PACKET_VERSION, &v3, sizeof v3) < 0) {
        error = err("PACKET_VERSION");
        return nullptr;
    }
    // 64 blocks of 64 KiB: 4 MiB of receive ring; a block is handed over when full or after 1 ms.
    p->block_size_ = 1 << 16;
    p->nblocks_ = 64;
    tpacket_req3 req{};
    req.tp_block_size = p->block_size_;
    req.tp_block_nr = p->nblocks_;
    req.tp_frame_size = 2048;
    req.tp_frame_nr = p->block_size_ / 2048 * p->nblocks_;
    req.tp_retire_blk_tov = 1;
    if (::setsockopt(p->fd_, SOL_PACKET, PACKET_RX_RING, &req, sizeof req) < 0) {
        error = err("PACKET_RX_RING");
        return nullptr;
    }
    p->ring_size_ = size_t(p->block_size_) * p->nblocks_;
    void* ring = ::mmap(nullptr, p->ring_size_, PROT_READ | PROT_WRITE, MAP_SHARED, p->fd_, 0);
    if (ring == MAP_FAILED) {
        error = err("mmap of the packet ring");
        return nullptr;
    }
    p->ring_ = static_cast<uint8_t*>(ring);
    int one = 1;
    ::setsockopt(p->fd_, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof one);
    // Do not see our own transmissions back.
    ::setsockopt(p->fd_, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one);
    sockaddr_ll sll{};
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ALL);
    sll.sll_ifindex = p->ifindex_;
    if (::bind(p->fd_, reinterpret_cast<sockaddr*>(&sll), sizeof sll) < 0) {
        error = err("bind to " + ifname);
        return nullptr;
    }
    packet_mreq mr{};
    mr.mr_ifindex = p->ifindex_;
    mr.mr_type = PACKET_MR_PROMISC;
    ::setsockopt(p->fd_, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof mr);
    p->tx_buf_.resize(size_t(tx_batch) * tx_frame);
    p->name = ifname;
    return p;
}

PacketPort::~PacketPort() {
    if (ring_) ::munmap(ring_, ring_size_);
    if (fd_ >= 0) ::close(fd_);
}

uint32_t PacketPort::receive(Frame* frames, uint32_t max) {
    uint32_t n = 0;
    while (n < max) {
        if (!block_open_) {
            auto* bd = reinterpret_cast<tpacket_block_desc*>(ring_ + size_t(block_) * block_size_);
            if (!(__atomic_load_n(&bd->hdr.bh1.block_status, __ATOMIC_ACQUIRE) & TP_STATUS_USER)) break;
            block_open_ = true;
            left_in_block_ = bd->hdr.bh1.num_pkts;
            next_ = reinterpret_cast<tpacket3_hdr*>(reinterpret_cast<uint8_t*>(bd) + bd->hdr.bh1.offset_to_first_pkt);
        }
        if (left_in_block_ == 0) {
            // Frames of a block stay valid until the block goes back: only after the round.
            if (n > 0) break;
            auto* bd = reinterpret_cast<tpacket_block_desc*>(ring_ + size_t(block_) * block_size_);
            __atomic_store_n(&bd->hdr.bh1.block_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
            block_open_ = false;
            block_ = (block_ + 1) % nblocks_;
            continue;
        }
        const uint8_t* data = reinterpret_cast<const uint8_t*>(next_) + next_->tp_mac;
        uint32_t len = next_->tp_snaplen;
        if (len >= 14)
            frames[n++] = Frame{data, len};
        else
            ++counters.bad_frames;
        --left_in_block_;
        next_ = reinterpret_cast<tpacket3_hdr*>(reinterpret_cast<uint8_t*>(next_) + next_->tp_next_offset);
    }
    return n;
}

void PacketPort::release_received(uint32_t) {
    // Give the block back once every frame in it was forwarded.
    if (block_open_ && left_in_block_ == 0) {
        auto* bd = reinterpret_cast<tpacket_block_desc*>(ring_ + size_t(block_) * block_size_);
        __atomic_store_n(&bd->hdr.bh1.block_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
        block_open_ = false;
        block_ = (block_ + 1) % nblocks_;
    }
}

bool PacketPort::more_or_sleep() {
    if (block_open_) return true;
    auto* bd = reinterpret_cast<tpacket_block_desc*>(ring_ + size_t(block_) * block_size_);
    return __atomic_load_n(&bd->hdr.bh1.block_status, __ATOMIC_ACQUIRE) & TP_STATUS_USER;
}

bool PacketPort::stage(const uint8_t* data, uint32_t len) {
    if (tx_len_.size() >= tx_batch) flush();
    if (len > tx_frame) return false;
    std::memcpy(tx_buf_.data() + tx_len_.size() * tx_frame, data, len);
    tx_len_.push_back(len);
    return true;
}

void PacketPort::flush() {
    if (tx_len_.empty()) return;
    mmsghdr msgs[tx_batch];
    iovec iovs[tx_batch];
    size_t n = tx_len_.size();
    for (size_t i = 0; i < n; ++i) {
        iovs[i] = iovec{tx_buf_.data() + i * tx_frame, tx_len_[i]};
        msgs[i] = mmsghdr{};
        msgs[i].msg_hdr.msg_iov = &iovs[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
    }
    size_t sent = 0;
    while (sent < n) {
        int r = ::sendmmsg(fd_, msgs + sent, unsigned(n - sent), 0);
        if (r <= 0) {
            if (r < 0 && errno == EINTR) continue;
            break;  // the device queue is full: the rest is dropped, as on a busy wire
        }
        sent += size_t(r);
    }
    if (sent < n) {
        uint64_t lost = n - sent;
        counters.tx_drops += lost;
        counters.tx_packets -= std::min<uint64_t>(counters.tx_packets, lost);
    }
    tx_len_.clear();
}

}  // namespace clickos::sw
