#include <arpa/inet.h>
#include <endian.h>
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

// The interface's MTU (1500 when it cannot be read).
uint32_t mtu_of(int fd, const std::string& ifname) {
    ifreq ifr{};
    std::memcpy(ifr.ifr_name, ifname.c_str(), ifname.size());
    return ::ioctl(fd, SIOCGIFMTU, &ifr) == 0 && ifr.ifr_mtu > 0 ? uint32_t(ifr.ifr_mtu) : 1500;
}

// Frames in the transmit ring carry a virtio-net header before them (PACKET_VNET_HDR), which
// asks the kernel to copy the whole frame into the socket buffer (hdr_len): without it the
// kernel attaches the ring's page to the buffer, and a veth or bridge that forwards it must
// then allocate a page and copy it anyway, which costs more than the copy.
// (Linux's struct virtio_net_hdr, whose header does not compile as C++: little-endian fields.)
struct VnetHeader {
    uint8_t flags, gso_type;
    uint16_t hdr_len, gso_size, csum_start, csum_offset;
};
static_assert(sizeof(VnetHeader) == 10);
constexpr uint32_t vnet_bytes = sizeof(VnetHeader);

// The kernel writes a received frame at a 16-aligned offset past the slot header and the
// address; a slot holds the interface's largest frame (with a VLAN tag) after that. The same
// size serves the transmit ring, whose frames start right after the slot header and their
// virtio-net header.
uint32_t slot_bytes_for(uint32_t mtu) {
    uint32_t need = TPACKET_ALIGN(TPACKET2_HDRLEN + 16) + vnet_bytes + 18 + mtu;
    uint32_t slot = 2048;
    while (slot < need) slot <<= 1;
    return slot;
}

// Where a transmitted frame starts in its slot (what the kernel expects without
// PACKET_TX_HAS_OFF): right after the slot header.
constexpr uint32_t tx_data_offset = TPACKET2_HDRLEN - sizeof(sockaddr_ll);

// A transmit slot's state, without the timestamp bits the kernel may add when it is done.
constexpr uint32_t tx_state_bits = TP_STATUS_SEND_REQUEST | TP_STATUS_SENDING | TP_STATUS_WRONG_FORMAT;

bool power_of_two(uint32_t v) {
    return v != 0 && (v & (v - 1)) == 0;
}
}  // namespace

namespace {
int raw_socket(uint16_t protocol, std::string& error) {
    int fd = ::socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
    if (fd < 0) error = with_errno("AF_PACKET socket (needs root or CAP_NET_RAW)");
    return fd;
}

bool bind_to(int fd, int ifindex, uint16_t protocol, const std::string& ifname, std::string& error) {
    sockaddr_ll sll{};
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = protocol;
    sll.sll_ifindex = ifindex;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&sll), sizeof sll) == 0) return true;
    error = with_errno("bind to " + ifname);
    return false;
}

// Sets up a TPACKET_V2 ring of `which` (PACKET_RX_RING or PACKET_TX_RING) and maps it.
uint8_t* map_ring(int fd, int which, const tpacket_req& req, size_t& bytes, std::string& error) {
    if (::setsockopt(fd, SOL_PACKET, which, &req, sizeof req) < 0) {
        error = with_errno(which == PACKET_RX_RING ? "PACKET_RX_RING" : "PACKET_TX_RING");
        return nullptr;
    }
    bytes = size_t(req.tp_block_size) * req.tp_block_nr;
    void* map = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (map == MAP_FAILED) {
        error = with_errno("mmap of the packet ring");
        return nullptr;
    }
    return static_cast<uint8_t*>(map);
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
    if (options.send_slots != 0 && !power_of_two(options.send_slots)) {
        error = "bad transmit ring size (a power of two of slots)";
        return nullptr;
    }
    if (!options.receive && !options.send_slots) {
        error = "a packet socket that neither receives nor sends";
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
    int v2 = TPACKET_V2, one = 1;
    // Receiving and sending use a socket each: the sender names no protocol, so the kernel
    // queues nothing for it to read, and it is in no wake-up set, so the kernel calls no
    // waiter for each frame it has sent (the receiver sits in one while its owner sleeps).
    if (options.send_slots) {
        s->tx_fd_ = raw_socket(0, error);
        if (s->tx_fd_ < 0) return nullptr;
        s->mtu_ = mtu_of(s->tx_fd_, ifname);
        s->slot_bytes_ = slot_bytes_for(s->mtu_);
        if (::setsockopt(s->tx_fd_, SOL_PACKET, PACKET_VERSION, &v2, sizeof v2) < 0 ||
            ::setsockopt(s->tx_fd_, SOL_PACKET, PACKET_VNET_HDR, &one, sizeof one) < 0) {
            error = with_errno("PACKET_VERSION and PACKET_VNET_HDR");
            return nullptr;
        }
        // Blocks of up to 64 KiB, page-sized at least (so a ring may get more slots than asked).
        size_t asked = size_t(s->slot_bytes_) * options.send_slots;
        uint32_t block_bytes =
            uint32_t(std::max<size_t>(4096, std::min<size_t>(asked, std::max(1u << 16, s->slot_bytes_))));
        uint32_t blocks = uint32_t(std::max<size_t>(1, asked / block_bytes));
        tpacket_req req{};
        req.tp_block_size = block_bytes;
        req.tp_block_nr = blocks;
        req.tp_frame_size = s->slot_bytes_;
        req.tp_frame_nr = block_bytes / s->slot_bytes_ * blocks;
        s->tx_ring_ = map_ring(s->tx_fd_, PACKET_TX_RING, req, s->tx_map_bytes_, error);
        if (!s->tx_ring_) return nullptr;
        s->tx_slots_ = req.tp_frame_nr;
        // A frame in flight holds socket send buffer until the device is done with it: room
        // for a ring's worth (the kernel caps this at net.core.wmem_max).
        int sndbuf = int(std::min<size_t>(s->tx_map_bytes_, 1 << 22));
        ::setsockopt(s->tx_fd_, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
        // An optimisation, so an older kernel may refuse it.
        if (options.qdisc_bypass) ::setsockopt(s->tx_fd_, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof one);
        if (!bind_to(s->tx_fd_, ifindex, 0, ifname, error)) return nullptr;
        if (!options.receive) s->fd_ = s->tx_fd_;
    }
    if (options.receive) {
        uint16_t protocol = htons(options.protocol ? options.protocol : ETH_P_ALL);
        s->fd_ = raw_socket(protocol, error);
        if (s->fd_ < 0) return nullptr;
        if (!s->slot_bytes_) {
            s->mtu_ = mtu_of(s->fd_, ifname);
            s->slot_bytes_ = slot_bytes_for(s->mtu_);
        }
        if (::setsockopt(s->fd_, SOL_PACKET, PACKET_VERSION, &v2, sizeof v2) < 0) {
            error = with_errno("PACKET_VERSION");
            return nullptr;
        }
        // Both are powers of two, so slots tile the blocks and the ring is one array of slots.
        uint32_t block_bytes = std::max(options.block_bytes, s->slot_bytes_);
        s->nslots_ = block_bytes / s->slot_bytes_ * options.ring_blocks;
        tpacket_req req{};
        req.tp_block_size = block_bytes;
        req.tp_block_nr = options.ring_blocks;
        req.tp_frame_size = s->slot_bytes_;
        req.tp_frame_nr = s->nslots_;
        s->ring_ = map_ring(s->fd_, PACKET_RX_RING, req, s->rx_map_bytes_, error);
        if (!s->ring_) return nullptr;
        // A filter the receive loop repeats, so an older kernel may refuse it.
        if (!options.outgoing) ::setsockopt(s->fd_, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one);
        if (!bind_to(s->fd_, ifindex, protocol, ifname, error)) return nullptr;
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
    if (ring_) ::munmap(ring_, rx_map_bytes_);
    if (tx_ring_) ::munmap(tx_ring_, tx_map_bytes_);
    if (fd_ >= 0) ::close(fd_);
    if (tx_fd_ >= 0 && tx_fd_ != fd_) ::close(tx_fd_);
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

uint32_t PacketSocket::max_send_length(bool vlan_tagged) const {
    // What the kernel checks for a raw Ethernet socket: the MTU plus the header, plus a tag.
    return std::min(slot_bytes_ - tx_data_offset - vnet_bytes, mtu_ + 14 + (vlan_tagged ? 4 : 0));
}

void PacketSocket::refuse(SendStatus why, const std::string& error) {
    send_status_ = why;
    if (why == SendStatus::Failed) send_error_ = error;
}

bool PacketSocket::queue(const uint8_t* frame, uint32_t length) {
    send_status_ = SendStatus::Sent;
    if (!tx_ring_) {
        refuse(SendStatus::Failed, ifname_ + " was not opened for sending");
        return false;
    }
    // Refused here, before the kernel would refuse it and stop the ring at it.
    if (length < 14) {
        refuse(SendStatus::Failed, "send on " + ifname_ + ": a frame of " + std::to_string(length) +
                                       " bytes is shorter than an Ethernet header");
        return false;
    }
    bool tagged = frame[12] == 0x81 && frame[13] == 0x00;
    if (length > max_send_length(tagged)) {
        refuse(SendStatus::Failed, "send on " + ifname_ + ": Message too long (a frame of " + std::to_string(length) +
                                       " bytes; " + ifname_ + " takes up to " +
                                       std::to_string(max_send_length(tagged)) + ")");
        return false;
    }
    uint8_t* slot = tx_slot_at(tx_next_);
    auto* h = slot_header(slot);
    // Free once the kernel is done with what it last sent from this slot; in flight (in a
    // device queue) otherwise, so the ring is full.
    if (__atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE) & tx_state_bits) {
        send_status_ = SendStatus::Full;
        return false;
    }
    // No offloads asked for; the whole frame is copied into the socket buffer.
    VnetHeader vnet{};
    vnet.hdr_len = htole16(uint16_t(length));
    std::memcpy(slot + tx_data_offset, &vnet, vnet_bytes);
    std::memcpy(slot + tx_data_offset + vnet_bytes, frame, length);
    h->tp_len = vnet_bytes + length;
    h->tp_snaplen = vnet_bytes + length;
    __atomic_store_n(&h->tp_status, TP_STATUS_SEND_REQUEST, __ATOMIC_RELEASE);
    tx_next_ = tx_next_ + 1 == tx_slots_ ? 0 : tx_next_ + 1;
    ++tx_queued_;
    return true;
}

uint32_t PacketSocket::flush() {
    if (tx_queued_ == 0) return 0;
    ssize_t r;
    do r = ::send(tx_fd_, nullptr, 0, MSG_DONTWAIT);
    while (r < 0 && errno == EINTR);
    int err = r < 0 ? errno : 0;
    // The kernel takes queued slots in order and stops at the first it cannot send, leaving
    // it (and all after it) requested, or marked wrong if the frame itself was refused; it
    // may also stop without an error when the send buffer is full. Those go back to free,
    // and the next frame queued takes the first of them, where the kernel looks next.
    uint32_t first = (tx_next_ + tx_slots_ - tx_queued_) & (tx_slots_ - 1);
    uint32_t taken = 0;
    bool wrong = false;
    for (; taken < tx_queued_; ++taken) {
        uint32_t st =
            __atomic_load_n(&slot_header(tx_slot_at((first + taken) & (tx_slots_ - 1)))->tp_status, __ATOMIC_ACQUIRE) &
            tx_state_bits;
        if (st & TP_STATUS_WRONG_FORMAT) wrong = true;
        if (wrong || st == TP_STATUS_SEND_REQUEST) break;
    }
    send_status_ = SendStatus::Sent;
    if (taken < tx_queued_) {
        for (uint32_t i = taken; i < tx_queued_; ++i)
            __atomic_store_n(&slot_header(tx_slot_at((first + i) & (tx_slots_ - 1)))->tp_status, TP_STATUS_AVAILABLE,
                             __ATOMIC_RELEASE);
        tx_next_ = (first + taken) & (tx_slots_ - 1);
        if (!wrong && (err == 0 || err == EAGAIN || err == EWOULDBLOCK || err == ENOBUFS)) {
            send_status_ = SendStatus::Full;
        } else {
            errno = err ? err : EINVAL;
            refuse(SendStatus::Failed, with_errno("send on " + ifname_));
        }
    }
    tx_queued_ = 0;
    return taken;
}

uint32_t PacketSocket::send(const uint8_t* const* frames, const uint32_t* lengths, uint32_t n) {
    uint32_t sent = 0;
    while (sent < n) {
        uint32_t k = 0;
        while (sent + k < n && queue(frames[sent + k], lengths[sent + k])) ++k;
        SendStatus stopped = send_status_;  // why queueing stopped, if it did
        uint32_t took = flush();
        sent += took;
        if (took < k) return sent;  // the kernel refused one: flush() said why
        if (sent < n) {
            // A full ring has room once the kernel sent what was just handed over: try again.
            if (stopped == SendStatus::Full && took > 0) continue;
            send_status_ = stopped;
            return sent;
        }
    }
    send_status_ = SendStatus::Sent;
    return sent;
}

}  // namespace clickos::platform
