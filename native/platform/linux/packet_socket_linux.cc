#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/ioctl.h>
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

tpacket2_hdr* slot_header(uint8_t* slot) {
    return reinterpret_cast<tpacket2_hdr*>(slot);
}

// The kernel writes a frame at a 16-aligned offset past the slot header and the address;
// a slot holds the interface's largest frame (with a VLAN tag) after that.
uint32_t slot_bytes_for(int fd, const std::string& ifname) {
    ifreq ifr{};
    std::memcpy(ifr.ifr_name, ifname.c_str(), ifname.size());
    uint32_t mtu = ::ioctl(fd, SIOCGIFMTU, &ifr) == 0 && ifr.ifr_mtu > 0 ? uint32_t(ifr.ifr_mtu) : 1500;
    uint32_t need = TPACKET_ALIGN(TPACKET2_HDRLEN + 16) + 18 + mtu;
    uint32_t slot = 2048;
    while (slot < need) slot <<= 1;
    return slot;
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
        int v2 = TPACKET_V2;
        if (::setsockopt(s->fd_, SOL_PACKET, PACKET_VERSION, &v2, sizeof v2) < 0) {
            error = with_errno("PACKET_VERSION");
            return nullptr;
        }
        s->slot_bytes_ = slot_bytes_for(s->fd_, ifname);
        // Both are powers of two, so slots tile the blocks and the ring is one array of slots.
        uint32_t block_bytes = std::max(options.block_bytes, s->slot_bytes_);
        s->nslots_ = block_bytes / s->slot_bytes_ * options.ring_blocks;
        tpacket_req req{};
        req.tp_block_size = block_bytes;
        req.tp_block_nr = options.ring_blocks;
        req.tp_frame_size = s->slot_bytes_;
        req.tp_frame_nr = s->nslots_;
        if (::setsockopt(s->fd_, SOL_PACKET, PACKET_RX_RING, &req, sizeof req) < 0) {
            error = with_errno("PACKET_RX_RING");
            return nullptr;
        }
        s->ring_size_ = size_t(block_bytes) * options.ring_blocks;
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

uint32_t PacketSocket::receive(ReceivedFrame* frames, uint32_t max) {
    if (!ring_) return 0;
    release();
    uint32_t n = 0;
    while (n < max && held_ < nslots_) {
        uint8_t* slot = slot_at(next_);
        const tpacket2_hdr* h = slot_header(slot);
        if (!(__atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE) & TP_STATUS_USER)) break;
        next_ = next_ + 1 == nslots_ ? 0 : next_ + 1;
        ++held_;
        const auto* from = reinterpret_cast<const sockaddr_ll*>(slot + TPACKET_ALIGN(sizeof(tpacket2_hdr)));
        if (from->sll_pkttype == PACKET_OUTGOING && !outgoing_) continue;
        frames[n++] = ReceivedFrame{
            slot + h->tp_mac, h->tp_snaplen, h->tp_len, int64_t(h->tp_sec) * 1'000'000'000 + int64_t(h->tp_nsec),
            from->sll_pkttype <= PACKET_LOOPBACK ? LinkPacketType(from->sll_pkttype) : LinkPacketType::Host};
    }
    return n;
}

void PacketSocket::release() {
    // The held slots are the held_ before next_, handed back oldest first.
    uint32_t i = (next_ + nslots_ - held_) % (nslots_ ? nslots_ : 1);
    for (; held_ > 0; --held_) {
        __atomic_store_n(&slot_header(slot_at(i))->tp_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
        i = i + 1 == nslots_ ? 0 : i + 1;
    }
}

bool PacketSocket::pending() const {
    if (!ring_) return false;
    return __atomic_load_n(&slot_header(slot_at(next_))->tp_status, __ATOMIC_ACQUIRE) & TP_STATUS_USER;
}

uint64_t PacketSocket::kernel_drops() {
    if (!ring_) return kernel_drops_;
    // Reading the statistics resets them, so they add up here.
    tpacket_stats st{};
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
