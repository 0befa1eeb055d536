// The platform layer: inside the engine and the elements, the only code that touches the
// operating system. A guest without an OS (the future kvm backend) provides these functions
// over its own primitives; everything above them stays the same.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace clickos::platform {

// ---- time ----
int64_t monotonic_ns();  // for intervals and timers
int64_t realtime_ns();   // wall clock, for timestamps

// ---- console ----
void write_stdout(std::string_view s);
void write_stderr(std::string_view s);

// ---- memory ----
// Large, page-aligned, zeroed regions (packet buffer slabs, rings).
void* alloc_region(size_t bytes);
void free_region(void* p, size_t bytes);

// ---- shared memory and events (ring ports) ----
// An anonymous shared memory file (memfd) of `bytes`, and its mapping in this process.
int create_shared_memory(const std::string& name, size_t bytes, std::string& error);
void* map_shared(int fd, size_t bytes, std::string& error);
void unmap_shared(void* p, size_t bytes);
size_t shared_memory_size(int fd);  // 0 on error
// Event descriptors (eventfd): a kick sets it readable; consume() clears it.
int create_event(std::string& error);
void signal_event(int fd);
void consume_event(int fd);
// Waits until fd is readable or timeout_ns passes (-1: forever); true if readable.
bool wait_readable(int fd, int64_t timeout_ns);

// ---- files ----
// Whole-file helpers and streaming descriptors; errors come back as a message in `error`.
bool read_file(const std::string& path, std::string& out, std::string& error);
int open_file_read(const std::string& path, std::string& error);  // -1 on error
int open_file_write(const std::string& path, bool append, std::string& error);
long read_fd(int fd, void* buf, size_t n);  // -1 on error, 0 at end
bool write_fd_all(int fd, const void* buf, size_t n);
void close_fd(int fd);
bool remove_file(const std::string& path);  // unlink (a unix socket left by a listener)
std::string last_error();                   // strerror(errno) of the last failed call

// ---- sockets ----
int listen_unix(const std::string& path, std::string& error);
int listen_tcp(int port, bool loopback_only, std::string& error);
int connect_unix(const std::string& path, std::string& error);
int connect_tcp(const std::string& host, int port, std::string& error);
int accept_connection(int listen_fd);               // -1 if none pending
long send_some(int fd, const void* buf, size_t n);  // -1 on error, may be short
long recv_some(int fd, void* buf, size_t n);        // -1 on error or would-block (check would_block())
bool would_block();
void set_nonblocking(int fd);

// General stream and datagram sockets (the Socket element). Errors come back in `error`
// as "call: reason".
struct SocketAddress {
    bool unix_path = false;
    uint32_t ip = 0;    // network byte order (inet)
    uint16_t port = 0;  // host byte order (inet)
    std::string path;   // unix
};
// A blocking, close-on-exec socket: inet or unix, stream or datagram; -1 on error.
int open_socket(bool unix_family, bool stream, std::string& error);
bool set_socket_buffers(int fd, int sndbuf, int rcvbuf, std::string& error);  // -1: leave as is
bool set_tcp_nodelay(int fd, std::string& error);
bool bind_socket(int fd, const SocketAddress& a, std::string& error);
bool listen_socket(int fd, int backlog, std::string& error);
bool connect_socket(int fd, const SocketAddress& a, std::string& error);  // blocks until connected
// sendto() (to null: the connected peer); -1 on error (check would_block()).
long send_datagram(int fd, const void* buf, size_t n, const SocketAddress* to);
// recvfrom(); returns the datagram's full length even when longer than n; -1 on error.
long recv_datagram(int fd, void* buf, size_t n, SocketAddress* from);
// Waits until fd is writable or timeout_ns passes (-1: forever); true if writable.
bool wait_writable(int fd, int64_t timeout_ns);
bool peer_address(int fd, SocketAddress& out);  // getpeername() of a connected socket

// ---- waiting for events ----
// One poller per router: file descriptors and a wake-up for other threads or signals.
class Poller {
  public:
    enum : int { Read = 1, Write = 2 };
    struct Event {
        int fd;
        int mask;
    };
    Poller();
    ~Poller();
    Poller(const Poller&) = delete;
    Poller& operator=(const Poller&) = delete;
    void watch(int fd, int mask);  // mask 0 stops watching
    // Waits up to timeout_ns (-1: forever, 0: poll) and returns ready descriptors.
    const std::vector<Event>& wait(int64_t timeout_ns);
    void wake();  // safe from any thread and from signal handlers
    // The poller's own descriptor: readable when a watched descriptor is ready, so one
    // poller can be watched by another (clickos-instance's control channel).
    int fd() const { return epoll_fd_; }

  private:
    int epoll_fd_ = -1;
    int wake_fd_ = -1;
    std::vector<Event> ready_;
};

// ---- CPU placement (host programs) ----
// Parses a CPU list ("0", "0-3", "0,2-3"); false with `error` naming the bad entry.
bool parse_cpu_list(const std::string& list, std::vector<int>& cpus, std::string& error);
// Restricts the calling process to `cpus` (sched_setaffinity); false with `error`.
bool set_cpu_affinity(const std::vector<int>& cpus, std::string& error);

// ---- shared libraries (element packages) ----
void* load_library(const std::string& path, std::string& error);
void* library_symbol(void* handle, const char* name);

// ---- signals ----
// Calls `on_signal` (which must only do async-signal-safe work) on SIGINT/SIGTERM.
void on_interrupt(void (*on_signal)(int));

}  // namespace clickos::platform
