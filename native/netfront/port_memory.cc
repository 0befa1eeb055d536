#include "port_memory.hh"

#include <cstring>
#include <new>

#include "clickos/platform.hh"

namespace clickos::netfront {

namespace {
size_t round_up(size_t v, size_t a) {
    return (v + a - 1) / a * a;
}
}  // namespace

PortMemory::~PortMemory() {
    platform::unmap_shared(base_, size_);
    platform::close_fd(fd_);
}

std::unique_ptr<PortMemory> PortMemory::create(const std::string& name, uint32_t nslots, uint32_t frame_size,
                                               std::string& error) {
    if (nslots < min_slots || nslots > max_slots || (nslots & (nslots - 1)) != 0) {
        error = "ring size " + std::to_string(nslots) + " is not a power of two from 64 to 2048";
        return nullptr;
    }
    if (frame_size < 256 || frame_size > 9216 + 18) {
        error = "frame size " + std::to_string(frame_size) + " is outside 256 to 9234 bytes";
        return nullptr;
    }
    uint32_t buf_size = uint32_t(round_up(frame_size + buffer_headroom, 64));
    uint32_t nbufs = 3 * nslots;
    size_t rx_off = round_up(sizeof(PortHeader), 64);
    size_t tx_off = round_up(rx_off + RingShared::bytes_for(nslots), 64);
    size_t bufs_off = round_up(tx_off + RingShared::bytes_for(nslots), 4096);
    size_t total = bufs_off + size_t(nbufs) * buf_size;
    int fd = platform::create_shared_memory("clickos-port-" + name, total, error);
    if (fd < 0) return nullptr;
    void* base = platform::map_shared(fd, total, error);
    if (!base) {
        platform::close_fd(fd);
        return nullptr;
    }
    std::unique_ptr<PortMemory> m(new PortMemory());
    m->fd_ = fd;
    m->size_ = total;
    m->base_ = static_cast<uint8_t*>(base);
    auto* h = new (base) PortHeader{};
    h->magic = port_magic;
    h->version = port_layout_version;
    h->nslots = nslots;
    h->buf_size = buf_size;
    h->nbufs = nbufs;
    h->rx_offset = uint32_t(rx_off);
    h->tx_offset = uint32_t(tx_off);
    h->bufs_offset = uint32_t(bufs_off);
    h->total_size = total;
    std::strncpy(h->name, name.c_str(), sizeof h->name - 1);
    m->header_ = h;
    m->rx_ = new (m->base_ + rx_off) RingShared{};
    m->tx_ = new (m->base_ + tx_off) RingShared{};
    m->bufs_ = m->base_ + bufs_off;
    m->nslots_ = nslots;
    m->nbufs_ = nbufs;
    m->buf_size_ = buf_size;
    for (RingShared* r : {m->rx_, m->tx_}) {
        r->nslots = nslots;
        r->head.store(0);
        r->tail.store(0);
    }
    for (uint32_t i = 0; i < nslots; ++i) {
        m->rx_->slots[i] = Slot{i, 0, 0};
        m->tx_->slots[i] = Slot{nslots + i, 0, 0};
    }
    return m;
}

std::unique_ptr<PortMemory> PortMemory::attach(int fd, std::string& error) {
    size_t size = platform::shared_memory_size(fd);
    if (size < sizeof(PortHeader)) {
        error = "port memory too small (" + std::to_string(size) + " bytes)";
        platform::close_fd(fd);
        return nullptr;
    }
    void* base = platform::map_shared(fd, size, error);
    if (!base) {
        platform::close_fd(fd);
        return nullptr;
    }
    std::unique_ptr<PortMemory> m(new PortMemory());
    m->fd_ = fd;
    m->size_ = size;
    m->base_ = static_cast<uint8_t*>(base);
    auto* h = static_cast<PortHeader*>(base);
    // Copy the fields once: the peer could change them while we check.
    PortHeader snap;
    std::memcpy(static_cast<void*>(&snap), h, offsetof(PortHeader, instance_pid));
    auto fail = [&](const std::string& why) -> std::unique_ptr<PortMemory> {
        error = "invalid port memory: " + why;
        return nullptr;
    };
    if (snap.magic != port_magic) return fail("bad magic");
    if (snap.version != port_layout_version)
        return fail("layout version " + std::to_string(snap.version) + ", expected " +
                    std::to_string(port_layout_version));
    uint32_t n = snap.nslots;
    if (n < min_slots || n > max_slots || (n & (n - 1))) return fail("bad ring size");
    if (snap.nbufs != 3 * n || snap.buf_size < 256 + buffer_headroom || snap.buf_size > 16384)
        return fail("bad buffers");
    auto fits = [&](uint64_t off, uint64_t len) { return off + len <= size && off % 64 == 0; };
    if (!fits(snap.rx_offset, RingShared::bytes_for(n)) || !fits(snap.tx_offset, RingShared::bytes_for(n)) ||
        !fits(snap.bufs_offset, uint64_t(snap.nbufs) * snap.buf_size) || snap.total_size != size)
        return fail("regions outside the file");
    m->header_ = h;
    m->rx_ = reinterpret_cast<RingShared*>(m->base_ + snap.rx_offset);
    m->tx_ = reinterpret_cast<RingShared*>(m->base_ + snap.tx_offset);
    m->bufs_ = m->base_ + snap.bufs_offset;
    m->nslots_ = n;
    m->nbufs_ = snap.nbufs;
    m->buf_size_ = snap.buf_size;
    if (m->rx_->nslots != n || m->tx_->nslots != n) return fail("ring headers disagree with the port header");
    return m;
}

int64_t PortMemory::buffer_of(const uint8_t* p) const {
    if (p < bufs_ || p >= bufs_ + size_t(nbufs_) * buf_size_) return -1;
    return int64_t((p - bufs_) / buf_size_);
}

}  // namespace clickos::netfront
