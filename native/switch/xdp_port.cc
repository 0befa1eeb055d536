#include "xdp_port.hh"

#include <bpf/libbpf.h>
#include <dirent.h>
#include <linux/if_link.h>
#include <linux/if_xdp.h>
#include <net/if.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <xdp/libxdp.h>
#include <xdp/xsk.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace clickos::sw {

namespace {

constexpr uint32_t rx_chunks = 1024, tx_chunks = 1024;  // per queue: 4 MiB of umem
constexpr uint32_t ring_size = 1024;
constexpr uint32_t max_queues = 64;
constexpr long bpffs_magic = 0xcafe4a11;  // BPF_FS_MAGIC

// libxdp and libbpf report details (why a program could not be attached) through a print
// hook; we keep their warnings to add to our own error instead of printing them.
std::string library_messages;
int keep_message(const char* format, va_list ap) {
    char buf[512];
    std::vsnprintf(buf, sizeof buf, format, ap);
    std::string line = buf;
    while (!line.empty() && (line.back() == '\n' || line.back() == ' ')) line.pop_back();
    if (!line.empty() && library_messages.size() < 2000)
        library_messages += (library_messages.empty() ? "" : "; ") + line;
    return 0;
}
int keep_xdp_message(enum libxdp_print_level level, const char* format, va_list ap) {
    return level == LIBXDP_WARN ? keep_message(format, ap) : 0;
}
int keep_bpf_message(enum libbpf_print_level level, const char* format, va_list ap) {
    return level == LIBBPF_WARN ? keep_message(format, ap) : 0;
}

uint32_t mtu_of(const std::string& ifname) {
    char buf[16] = {};
    FILE* f = std::fopen(("/sys/class/net/" + ifname + "/mtu").c_str(), "r");
    if (!f) return 1500;
    size_t n = std::fread(buf, 1, sizeof buf - 1, f);
    std::fclose(f);
    buf[n] = 0;
    long v = std::strtol(buf, nullptr, 10);
    return v > 0 ? uint32_t(v) : 1500;
}

uint32_t queue_count(const std::string& ifname) {
    // /sys/class/net/IF/queues/ lists rx-0, rx-1, ... one per receive queue.
    DIR* d = ::opendir(("/sys/class/net/" + ifname + "/queues").c_str());
    if (!d) return 1;
    uint32_t n = 0;
    while (dirent* e = ::readdir(d))
        if (std::strncmp(e->d_name, "rx-", 3) == 0) ++n;
    ::closedir(d);
    return n == 0 ? 1 : std::min(n, max_queues);
}

struct Attempt {
    uint32_t xdp_flags;
    uint16_t bind_flags;
    const char* what;
};
constexpr Attempt zero_copy_native{XDP_FLAGS_DRV_MODE, XDP_ZEROCOPY, "zero-copy, native XDP"};
constexpr Attempt copy_native{XDP_FLAGS_DRV_MODE, XDP_COPY, "copy mode, native XDP"};
constexpr Attempt copy_generic{XDP_FLAGS_SKB_MODE, XDP_COPY, "copy mode, generic XDP"};

// Takes libxdp's AF_XDP program off the interface. libxdp counts its users and removes it
// with the last socket, but a switch killed with its sockets open leaves the count high, so
// the program would stay for good; the interface belongs to the switch, so it goes now.
void remove_xsk_program(int ifindex) {
    xdp_multiprog* mp = xdp_multiprog__get_from_ifindex(ifindex);
    if (!mp || libxdp_get_error(mp)) return;
    if (xdp_multiprog__is_legacy(mp)) {
        xdp_program* main = xdp_multiprog__main_prog(mp);
        if (main && std::strcmp(xdp_program__name(main), "xsk_def_prog") == 0) xdp_multiprog__detach(mp);
    } else {
        for (xdp_program* p = xdp_multiprog__next_prog(nullptr, mp); p; p = xdp_multiprog__next_prog(p, mp))
            if (std::strcmp(xdp_program__name(p), "xsk_def_prog") == 0) {
                xdp_program__detach(p, ifindex, xdp_multiprog__attach_mode(mp), 0);
                break;
            }
    }
    xdp_multiprog__close(mp);
}

}  // namespace

bool ensure_bpffs(std::string& error) {
    const char* env = std::getenv("LIBXDP_BPFFS");
    std::string path = env && *env ? env : "/sys/fs/bpf";
    struct statfs st {};
    if (::statfs(path.c_str(), &st) == 0 && long(st.f_type) == bpffs_magic) return true;
    ::mkdir(path.c_str(), 0700);  // usually there already (a sysfs mount point)
    if (::mount("bpf", path.c_str(), "bpf", 0, "mode=0700") == 0) return true;
    if (errno == EBUSY && ::statfs(path.c_str(), &st) == 0 && long(st.f_type) == bpffs_magic)
        return true;  // somebody mounted it meanwhile
    error = "libxdp needs a BPF filesystem at " + path + ", and mounting one failed: " + std::strerror(errno) +
            " (needs root; or run 'mount -t bpf bpf " + path + "')";
    return false;
}

struct XdpPort::Queue {
    uint32_t id = 0;
    uint32_t chunk_size = 2048;
    uint8_t* area = nullptr;
    size_t area_size = 0;
    xsk_umem* umem = nullptr;
    xsk_socket* xsk = nullptr;
    xsk_ring_prod fill{};
    xsk_ring_cons comp{};
    xsk_ring_cons rx{};
    xsk_ring_prod tx{};
    int fd = -1;
    std::vector<uint64_t> free_tx;  // transmit chunks not in flight
    uint32_t rx_first = 0;          // ring index of the first descriptor peeked

    ~Queue() {
        if (xsk) xsk_socket__delete(xsk);  // libxdp drops its program with the last socket
        if (umem) xsk_umem__delete(umem);
        if (area) ::munmap(area, area_size);
    }

    // Negative errno on failure; `where` names the step.
    int open(const std::string& ifname, const Attempt& a, std::string& where) {
        area_size = size_t(rx_chunks + tx_chunks) * chunk_size;
        void* mem = ::mmap(nullptr, area_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (mem == MAP_FAILED) {
            where = "umem memory";
            return -errno;
        }
        area = static_cast<uint8_t*>(mem);
        xsk_umem_config ucfg{};
        ucfg.fill_size = ring_size;
        ucfg.comp_size = ring_size;
        ucfg.frame_size = chunk_size;
        ucfg.frame_headroom = 0;
        if (int r = xsk_umem__create(&umem, area, area_size, &fill, &comp, &ucfg); r < 0) {
            umem = nullptr;
            where = "umem registration";
            return r;
        }
        xsk_socket_config scfg{};
        scfg.rx_size = ring_size;
        scfg.tx_size = ring_size;
        scfg.libxdp_flags = 0;
        scfg.xdp_flags = a.xdp_flags;
        scfg.bind_flags = uint16_t(a.bind_flags | XDP_USE_NEED_WAKEUP);
        if (int r = xsk_socket__create(&xsk, ifname.c_str(), id, umem, &rx, &tx, &scfg); r < 0) {
            xsk = nullptr;
            where = "socket on queue " + std::to_string(id);
            return r;
        }
        fd = xsk_socket__fd(xsk);
        uint32_t idx = 0;
        if (xsk_ring_prod__reserve(&fill, rx_chunks, &idx) != rx_chunks) {
            where = "fill ring";
            return -ENOBUFS;
        }
        for (uint32_t i = 0; i < rx_chunks; ++i) *xsk_ring_prod__fill_addr(&fill, idx + i) = uint64_t(i) * chunk_size;
        xsk_ring_prod__submit(&fill, rx_chunks);
        free_tx.reserve(tx_chunks);
        for (uint32_t i = 0; i < tx_chunks; ++i) free_tx.push_back(uint64_t(rx_chunks + i) * chunk_size);
        return 0;
    }
};

std::unique_ptr<XdpPort> XdpPort::open(const std::string& ifname, ZeroCopy zc, std::string& error) {
    if (ifname.empty() || ifname.size() >= IFNAMSIZ) {
        error = "bad interface name '" + ifname + "'";
        return nullptr;
    }
    int ifindex = int(if_nametoindex(ifname.c_str()));
    if (ifindex == 0) {
        error = "no interface '" + ifname + "'";
        return nullptr;
    }
    if (!ensure_bpffs(error)) return nullptr;
    libxdp_set_print(keep_xdp_message);
    libbpf_set_print(keep_bpf_message);
    std::vector<Attempt> attempts;
    if (zc != ZeroCopy::Never) attempts.push_back(zero_copy_native);
    if (zc != ZeroCopy::Require) {
        attempts.push_back(copy_native);
        attempts.push_back(copy_generic);
    }
    std::unique_ptr<XdpPort> p(new XdpPort());
    p->ifindex_ = ifindex;
    p->chunk_size_ = chunk_for_mtu(mtu_of(ifname));
    uint32_t nq = queue_count(ifname);
    std::string refused;  // why the modes tried before the one that worked failed
    const Attempt* chosen = nullptr;
    for (const Attempt& a : attempts) {
        library_messages.clear();
        auto q = std::make_unique<Queue>();
        q->id = 0;
        q->chunk_size = p->chunk_size_;
        std::string where;
        int r = q->open(ifname, a, where);
        if (r == 0) {
            chosen = &a;
            p->queues_.push_back(std::move(q));
            break;
        }
        std::string why = where + ": " + std::strerror(-r);
        if (!library_messages.empty()) why += " (" + library_messages + ")";
        refused += (refused.empty() ? "" : "; ") + std::string(a.what) + " refused: " + why;
    }
    if (!chosen) {
        error = "AF_XDP on " + ifname + ": " + refused;
        if (zc == ZeroCopy::Require) error += " (zero-copy was required)";
        return nullptr;
    }
    // The other queues use the mode the first one got (one XDP program per interface).
    for (uint32_t i = 1; i < nq; ++i) {
        library_messages.clear();
        auto q = std::make_unique<Queue>();
        q->id = i;
        q->chunk_size = p->chunk_size_;
        std::string where;
        if (int r = q->open(ifname, *chosen, where); r < 0) {
            error = "AF_XDP on " + ifname + ": " + where + ": " + std::strerror(-r);
            return nullptr;
        }
        p->queues_.push_back(std::move(q));
    }
    if (p->queues_.size() > 1) {
        p->epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
        if (p->epoll_fd_ < 0) {
            error = std::string("epoll: ") + std::strerror(errno);
            return nullptr;
        }
        for (auto& q : p->queues_) {
            epoll_event ev{};
            ev.events = EPOLLIN;
            ev.data.fd = q->fd;
            ::epoll_ctl(p->epoll_fd_, EPOLL_CTL_ADD, q->fd, &ev);
        }
    }
    p->zero_copy_ = chosen->bind_flags & XDP_ZEROCOPY;
    p->name = ifname;
    p->info_ = std::string("AF_XDP ") + chosen->what + ", " + std::to_string(p->queues_.size()) +
               (p->queues_.size() == 1 ? " queue" : " queues") + ", frames up to " + std::to_string(p->max_rx_frame()) +
               " bytes";
    if (!refused.empty()) p->info_ += " (" + refused + ")";
    return p;
}

XdpPort::~XdpPort() {
    bool had_sockets = !queues_.empty();
    queues_.clear();
    if (had_sockets) remove_xsk_program(ifindex_);
    if (epoll_fd_ >= 0) ::close(epoll_fd_);
}

void XdpPort::check_peer() {
    if (int(if_nametoindex(name.c_str())) != ifindex_) interface_gone_ = true;
}

int XdpPort::wake_fd() const {
    return queues_.size() == 1 ? queues_[0]->fd : epoll_fd_;
}

uint32_t XdpPort::receive(Frame* frames, uint32_t max) {
    if (max > 64) max = 64;
    uint32_t nq = uint32_t(queues_.size());
    for (uint32_t k = 0; k < nq; ++k) {
        Queue& q = *queues_[(next_queue_ + k) % nq];
        uint32_t idx = 0;
        uint32_t n = xsk_ring_cons__peek(&q.rx, max, &idx);
        if (n == 0) {
            // Zero-copy drivers may wait for a kick before they fill the rx ring again.
            if (xsk_ring_prod__needs_wakeup(&q.fill)) ::recvfrom(q.fd, nullptr, 0, MSG_DONTWAIT, nullptr, nullptr);
            continue;
        }
        q.rx_first = idx;
        last_rx_ = &q;
        peeked_ = n;
        uint32_t out = 0;
        for (uint32_t i = 0; i < n; ++i) {
            const xdp_desc* d = xsk_ring_cons__rx_desc(&q.rx, idx + i);
            if (d->len < 14 || d->addr % chunk_size_ + d->len > chunk_size_) {
                ++counters.bad_frames;  // a runt keeps its slot until released, never forwarded
                continue;
            }
            frame_slot_[out] = i + 1;
            frames[out++] = Frame{q.area + d->addr, d->len};
        }
        frames_out_ = out;
        return out;
    }
    last_rx_ = nullptr;
    peeked_ = 0;
    frames_out_ = 0;
    return 0;
}

void XdpPort::release_received(uint32_t n) {
    Queue* q = last_rx_;
    if (!q) return;
    // All frames: every slot looked at (runts too); fewer: up to that frame's slot.
    n = n >= frames_out_ ? peeked_ : n == 0 ? 0 : frame_slot_[n - 1];
    // Released chunks go straight back to the fill ring (it has room for every rx chunk).
    uint32_t fidx = 0;
    uint32_t got = xsk_ring_prod__reserve(&q->fill, n, &fidx);
    for (uint32_t i = 0; i < got; ++i) {
        uint64_t addr = xsk_ring_cons__rx_desc(&q->rx, q->rx_first + i)->addr;
        *xsk_ring_prod__fill_addr(&q->fill, fidx + i) = addr - addr % chunk_size_;
    }
    xsk_ring_prod__submit(&q->fill, got);
    xsk_ring_cons__release(&q->rx, n);
    xsk_ring_cons__cancel(&q->rx, peeked_ - n);  // the rest is received again next time
    if (n == peeked_) next_queue_ = (next_queue_ + 1) % uint32_t(queues_.size());
    last_rx_ = nullptr;
    peeked_ = 0;
}

bool XdpPort::more_or_sleep() {
    if (tx_pending_) kick_tx(*queues_[0]);
    for (auto& q : queues_) {
        if (xsk_cons_nb_avail(&q->rx, 1) > 0) return true;
        if (xsk_ring_prod__needs_wakeup(&q->fill)) ::recvfrom(q->fd, nullptr, 0, MSG_DONTWAIT, nullptr, nullptr);
    }
    return false;  // the socket (or the queues' epoll) is readable when frames arrive
}

void XdpPort::reclaim_completions(Queue& q) {
    uint32_t idx = 0;
    uint32_t n = xsk_ring_cons__peek(&q.comp, ring_size, &idx);
    for (uint32_t i = 0; i < n; ++i) q.free_tx.push_back(*xsk_ring_cons__comp_addr(&q.comp, idx + i));
    xsk_ring_cons__release(&q.comp, n);
}

void XdpPort::kick_tx(Queue& q) {
    // Copy mode sends in the sendto() call, at most a few dozen frames per call; a
    // zero-copy driver needs a call only when it asked for one.
    for (int tries = 0; tries < 16; ++tries) {
        uint32_t unsent = *q.tx.producer - __atomic_load_n(q.tx.consumer, __ATOMIC_ACQUIRE);
        if (unsent == 0) {
            tx_pending_ = false;
            return;
        }
        if (zero_copy_ && !xsk_ring_prod__needs_wakeup(&q.tx)) return;
        if (::sendto(q.fd, nullptr, 0, MSG_DONTWAIT, nullptr, 0) < 0 && errno != EAGAIN && errno != EBUSY &&
            errno != ENOBUFS && errno != EINTR)
            return;  // link down and the like: the frames go with a later kick
        reclaim_completions(q);
    }
}

bool XdpPort::stage(const uint8_t* data, uint32_t len) {
    if (len > chunk_size_) return false;
    Queue& q = *queues_[0];
    if (q.free_tx.empty()) reclaim_completions(q);
    if (q.free_tx.empty()) return false;
    uint32_t idx = 0;
    if (xsk_ring_prod__reserve(&q.tx, 1, &idx) != 1) return false;
    uint64_t addr = q.free_tx.back();
    q.free_tx.pop_back();
    std::memcpy(q.area + addr, data, len);
    xdp_desc* d = xsk_ring_prod__tx_desc(&q.tx, idx);
    d->addr = addr;
    d->len = len;
    ++staged_;
    return true;
}

void XdpPort::flush() {
    if (staged_ == 0) return;
    Queue& q = *queues_[0];
    xsk_ring_prod__submit(&q.tx, staged_);
    staged_ = 0;
    tx_pending_ = true;
    kick_tx(q);
    reclaim_completions(q);
}

}  // namespace clickos::sw
