// The instance's control channel: a listening unix socket and its connections, each speaking
// Click's ControlSocket protocol (ControlProtocol, shared with the ControlSocket element) to
// the instance's current router. It lives outside any router so connections survive a
// hot-swap: its own poller's descriptor is watched by whichever router runs, and after a swap
// every connection is pointed at the new router.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "clickos/platform.hh"
#include "control/controlsocket_protocol.hh"

namespace clickos {
class Router;
}

namespace clickos::instance {

class ControlServer {
  public:
    // Listens on `path` (mode 0600; an old file there is replaced). False with `error`.
    bool listen(const std::string& path, std::string& error);
    ~ControlServer();

    // Readable when a connection or the listening socket needs service.
    int fd() const { return poller_.fd(); }
    void set_router(Router* router);
    // Serves what is ready without blocking (timeout_ns 0), or waits up to timeout_ns first
    // (-1: until something happens). After each command, `paused()` is asked: when it says
    // yes (a hot-swap is pending), serving stops, commands received but not yet handled stay
    // queued, and resume() handles them later.
    void serve(int64_t timeout_ns = 0);
    void resume();
    void set_pause_check(std::function<bool()> paused) { paused_ = std::move(paused); }
    size_t connections() const { return connections_.size(); }
    void wake() { poller_.wake(); }  // ends a serve(-1) (async-signal-safe)

  private:
    static constexpr size_t max_connections = 256;
    static constexpr size_t max_pending_output = size_t(4) << 20;

    struct Connection {
        Connection(int f, Router* r) : fd(f), protocol(r, false) {}
        int fd;
        ControlProtocol protocol;
        std::string in;
        std::string out;
        size_t out_pos = 0;
        bool read_closed = false;
        bool closing = false;
        bool broken = false;
        bool queued = false;  // commands left unhandled by a pause
        int mask = 0;
    };

    void accept_clients();
    bool service(Connection& c);  // false: close it
    void receive(Connection& c);
    bool process(Connection& c);  // true: commands remain
    void flush(Connection& c);
    void close_connection(size_t index);
    bool paused() const { return paused_ && paused_(); }

    platform::Poller poller_;
    int listen_fd_ = -1;
    Router* router_ = nullptr;
    std::function<bool()> paused_;
    std::vector<std::unique_ptr<Connection>> connections_;
};

}  // namespace clickos::instance
