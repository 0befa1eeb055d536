#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "clickos/packet_socket.hh"

namespace clickos::platform {

namespace {
std::string with_errno(const std::string& what) {
    return what + ": " + std::strerror(errno);
}

tpacket_block_desc* block_desc(uint8_t* block) {
    return reinterpret_cast<tpacket_block_desc*>(block);
}
}  // namespace

std::unique_ptr<PacketSocket> PacketSocket::open(const std::string& ifname, const PacketSocketOptions& options,
                                                 std::string& error) {
    if (ifname.empty() || ifname.size() >= IFNAMSIZ) {
        error = "bad interface name '" + ifname + "'";
        return nullptr;
    }
    if (options.receive && (options.ring_blocks == 0 || options.block_bytes < 4096 ||
                            (options.block_bytes & (options.block_bytes - 1)) != 0)) {
        error = "bad receive ring size (blocks of a power of two from 4096 bytes)";
        return nullptr;
    }
    std::unique_ptr<PacketSocket> s(new PacketSocket());
    s->ifname_ = ifname;
    s->outgoing_ = options.outgoing;
    int ifindex = int(if_nametoindex(ifname.c_str()));
    if (ifindex == 0) {
        error = "no interface '" + ifname + "'";
        return nullptr;
    }
    // A send-only socket names no protocol, so the kernel queues nothing for it to read.
    uint16_t protocol = options.receive ? htons(options.protocol ? options.protocol : ETH_P_ALL) : 0;
    s->fd_ = ::socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
    if (s->fd_ < 0) {
        error = with_errno("AF_PACKET socket (needs root or CAP_NET_RAW)");
        return nullptr;
    }
    if (options.receive) {
        int v3 = TPACKET_V3;
        if (::setsockopt(s->fd_, SOL_PACKET, PACKET_VERSION, &v3, sizeof v3) < 0) {
            error = with_errno("PACKET_VERSION");
            return nullptr;
        }
        s->block_bytes_ = options.block_bytes;
        s->nblocks_ = options.ring_blocks;
        tpacket_req3 req{};
        req.tp_block_size = s->block_bytes_;
        req.tp_block_nr = s->nblocks_;
        req.tp_frame_size = 2048;
        req.tp_frame_nr = s->block_bytes_ / 2048 * s->nblocks_;
        req.tp_retire_blk_tov = options.block_timeout_ms;
        if (::setsockopt(s->fd_, SOL_PACKET, PACKET_RX_RING, &req, sizeof req) < 0) {
            error = with_errno("PACKET_RX_RING");
            return nullptr;
        }
        s->ring_size_ = size_t(s->block_bytes_) * s->nblocks_;
        void* ring = ::mmap(nullptr, s->ring_size_, PROT_READ | PROT_WRITE, MAP_SHARED, s->fd_, 0);
        if (ring == MAP_FAILED) {
            error = with_errno("mmap of the packet ring");
            return nullptr;
        }
        s->ring_ = static_cast<uint8_t*>(ring);
    }
    int one = 1;
    // Both are optimisations or filters the receive loop repeats, so older kernels may refuse them.
    if (options.qdisc_bypass) ::setsockopt(s->fd_, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof one);
    if (options.receive && !options.outgoing)
        ::setsockopt(s->fd_, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one);
    sockaddr_ll sll{};
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = protocol;
    sll.sll_ifindex = ifindex;
    if (::bind(s->fd_, reinterpret_cast<sockaddr*>(&sll), sizeof sll) < 0) {
        error = with_errno("bind to " + ifname);
        return nullptr;
    }
    if (options.promiscuous) {
        // A membership, not the interface flag: the kernel drops it when the socket closes.
        packet_mreq mr{};
        mr.mr_ifindex = ifindex;
        mr.mr_type = PACKET_MR_PROMISC;
        if (::setsockopt(s->fd_, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof mr) < 0) {
            error = with_errno("promiscuous mode on " + ifname);
            return nullptr;
        }
    }
    return s;
}

PacketSocket::~PacketSocket() {
    if (ring_) ::munmap(ring_, ring_size_);
    if (fd_ >= 0) ::close(fd_);
}

void PacketSocket::give_back_block() {
    __atomic_store_n(&block_desc(block_at(block_))->hdr.bh1.block_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
    block_open_ = false;
    block_ = (block_ + 1) % nblocks_;
}

uint32_t PacketSocket::receive(ReceivedFrame* frames, uint32_t max) {
    if (!ring_) return 0;
    uint32_t n = 0;
    while (n < max) {
        if (!block_open_) {
            tpacket_block_desc* bd = block_desc(block_at(block_));
            if (!(__atomic_load_n(&bd->hdr.bh1.block_status, __ATOMIC_ACQUIRE) & TP_STATUS_USER)) break;
            block_open_ = true;
            left_in_block_ = bd->hdr.bh1.num_pkts;
            next_ = block_at(block_) + bd->hdr.bh1.offset_to_first_pkt;
        }
        if (left_in_block_ == 0) {
            // Frames of a block stay valid until the block goes back: only after the caller's round.
            if (n > 0) break;
            give_back_block();
            continue;
        }
        const auto* h = reinterpret_cast<const tpacket3_hdr*>(next_);
        const auto* from = reinterpret_cast<const sockaddr_ll*>(next_ + TPACKET_ALIGN(sizeof(tpacket3_hdr)));
        --left_in_block_;
        const uint8_t* data = next_ + h->tp_mac;
        next_ += h->tp_next_offset;
        if (from->sll_pkttype == PACKET_OUTGOING && !outgoing_) continue;
        frames[n++] = ReceivedFrame{
            data, h->tp_snaplen, h->tp_len, int64_t(h->tp_sec) * 1'000'000'000 + int64_t(h->tp_nsec),
            from->sll_pkttype <= PACKET_LOOPBACK ? LinkPacketType(from->sll_pkttype) : LinkPacketType::Host};
    }
    return n;
}

void PacketSocket::release() {
    if (block_open_ && left_in_block_ == 0) give_back_block();
}

bool PacketSocket::pending() const {
    if (!ring_) return false;
    if (block_open_) return true;
    return __atomic_load_n(&block_desc(block_at(block_))->hdr.bh1.block_status, __ATOMIC_ACQUIRE) & TP_STATUS_USER;
}

uint64_t PacketSocket::kernel_drops() {
    if (!ring_) return kernel_drops_;
    // Reading the statistics resets them, so they add up here.
    tpacket_stats_v3 st{};
    socklen_t len = sizeof st;
    if (::getsockopt(fd_, SOL_PACKET, PACKET_STATISTICS, &st, &len) == 0) kernel_drops_ += st.tp_drops;
    return kernel_drops_;
}

std::string PacketSocket::take_error() {
    int e = 0;
    socklen_t len = sizeof e;
    if (::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &e, &len) < 0 || e == 0) return "";
    return ifname_ + ": " + std::strerror(e);
}

uint32_t PacketSocket::send(const uint8_t* const* frames, const uint32_t* lengths, uint32_t n) {
    send_status_ = SendStatus::Sent;
    uint32_t sent = 0;
    while (sent < n) {
        uint32_t k = std::min(n - sent, max_send_batch);
        mmsghdr msgs[max_send_batch];
        iovec iovs[max_send_batch];
        for (uint32_t i = 0; i < k; ++i) {
            iovs[i] = iovec{const_cast<uint8_t*>(frames[sent + i]), lengths[sent + i]};
            msgs[i] = mmsghdr{};
            msgs[i].msg_hdr.msg_iov = &iovs[i];
            msgs[i].msg_hdr.msg_iovlen = 1;
        }
        uint32_t done = 0;
        while (done < k) {
            int r = ::sendmmsg(fd_, msgs + done, k - done, 0);
            if (r > 0) {
                done += uint32_t(r);
                continue;
            }
            if (r < 0 && errno == EINTR) continue;
            if (r == 0 || errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS) {
                send_status_ = SendStatus::Full;
            } else {
                send_status_ = SendStatus::Failed;
                send_error_ = with_errno("send on " + ifname_);
            }
            return sent + done;
        }
        sent += k;
    }
    return sent;
}

}  // namespace clickos::platform
