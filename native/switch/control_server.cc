#include "control_server.hh"

#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "capture.hh"
#include "clickos/platform.hh"
#include "packet_port.hh"
#include "ring_port.hh"
#include "tap_port.hh"
#ifdef CLICKOS_HAVE_XDP
#include "xdp_port.hh"
#endif

namespace clickos::sw {

using netfront::json_int;
using netfront::json_quote;
using netfront::json_string;

std::string json_error(const std::string& message) {
    return "{\"ok\":false,\"error\":" + json_quote(message) + "}";
}

namespace {
// The optional "busy" flag of the attach requests; false with `error` when it is not a boolean.
bool busy_flag(const std::map<std::string, netfront::JsonValue>& o, const std::string& op, bool& busy,
               std::string& error) {
    auto it = o.find("busy");
    busy = false;
    if (it == o.end()) return true;
    if (it->second.kind != netfront::JsonValue::Bool) {
        error = op + ": \"busy\" must be true or false";
        return false;
    }
    busy = it->second.boolean;
    return true;
}
}  // namespace

ControlServer::~ControlServer() {
    for (auto& [pidfd, port] : owners_) {
        host_.unwatch(pidfd);
        ::close(pidfd);
    }
    for (auto& [fd, c] : clients_) {
        host_.unwatch(fd);
        ::close(fd);
    }
    if (listen_fd_ >= 0) {
        host_.unwatch(listen_fd_);
        ::close(listen_fd_);
        ::unlink(path_.c_str());
    }
}

bool ControlServer::listen(const std::string& path, std::string& error) {
    mode_t old = ::umask(0077);  // the socket is created 0600
    listen_fd_ = platform::listen_unix(path, error);
    ::umask(old);
    if (listen_fd_ < 0) return false;
    ::chmod(path.c_str(), 0600);
    path_ = path;
    host_.watch(listen_fd_, [this] { accept_clients(); });
    return true;
}

void ControlServer::accept_clients() {
    for (;;) {
        int fd = platform::accept_connection(listen_fd_);
        if (fd < 0) return;
        auto c = std::make_unique<Client>();
        c->fd = fd;
        clients_[fd] = std::move(c);
        host_.watch(fd, [this, fd] { serve(fd); });
    }
}

void ControlServer::drop_client(int fd) {
    auto it = clients_.find(fd);
    if (it == clients_.end()) return;
    // The peer is gone: what it sent is forwarded, then its ports are freed.
    for (int port : it->second->ports) {
        host_.drain(port);
        host_.remove_port(port);
    }
    host_.unwatch(fd);
    ::close(fd);
    clients_.erase(it);
}

void ControlServer::serve(int fd) {
    auto it = clients_.find(fd);
    if (it == clients_.end()) return;
    Client& c = *it->second;
    std::string error;
    bool open = c.reader.fill(fd, error);
    std::string line;
    std::vector<int> fds_in;
    while (c.reader.next(line, fds_in)) {
        std::vector<int> fds_out;
        std::string reply = handle(c, line, fds_in, fds_out);
        for (int x : fds_in) ::close(x);  // unused descriptors
        fds_in.clear();
        std::string send_error;
        if (!netfront::send_line(fd, reply, fds_out, send_error)) {
            open = false;
            break;
        }
    }
    if (c.reader.too_long()) {
        std::string ignored;
        netfront::send_line(fd, json_error("request line too long"), {}, ignored);
        open = false;
    }
    if (!open) drop_client(fd);
}

std::string ControlServer::handle(Client& c, const std::string& line, std::vector<int>& fds_in,
                                  std::vector<int>& fds_out) {
    Object o;
    std::string error;
    if (!netfront::parse_json_object(line, o, error)) return json_error("malformed request: " + error);
    std::string op = json_string(o, "op");
    if (op == "attach") return op_attach(c, o, fds_out);
    if (op == "reattach") return op_reattach(c, o, fds_in);
    if (op == "detach") return op_detach(o);
    if (op == "nic-attach" || op == "tap-attach") return op_attach_interface(o, op == "tap-attach");
    if (op == "ports") return op_ports(o);
    if (op == "table") return op_table(o);
    if (op == "table-add") return op_table_change(o, true);
    if (op == "table-remove") return op_table_change(o, false);
    if (op == "capture") return op_capture(o, true);
    if (op == "capture-stop") return op_capture(o, false);
    if (op == "switches") {
        std::string s = "{\"ok\":true,\"switches\":[";
        bool first = true;
        for (const auto& [name, b] : host_.bridges()) {
            s += std::string(first ? "" : ",") + "{\"name\":" + json_quote(name) +
                 ",\"ports\":" + std::to_string(b.ports.size()) +
                 ",\"macs\":" + std::to_string(b.table.entries().size()) + "}";
            first = false;
        }
        return s + "]}";
    }
    if (op == "shutdown") {
        host_.stop();
        return "{\"ok\":true}";
    }
    if (op.empty()) return json_error("request has no \"op\"");
    return json_error("unknown operation '" + op + "'");
}

std::string ControlServer::op_attach(Client& c, const Object& o, std::vector<int>& fds_out) {
    std::string sw = json_string(o, "switch");
    if (sw.empty()) return json_error("attach: \"switch\" is required");
    int64_t slots = json_int(o, "slots").value_or(256);
    int64_t frame = json_int(o, "frame").value_or(1518);
    if (slots < 0 || slots > 65536 || frame < 0 || frame > 65536) return json_error("attach: bad slots or frame");
    std::string name = json_string(o, "name");
    std::string mac = json_string(o, "mac");
    uint64_t mac_key_value = 0;
    if (!mac.empty() && !parse_mac(mac, mac_key_value)) return json_error("attach: bad MAC address '" + mac + "'");
    std::string error;
    bool busy;
    if (!busy_flag(o, "attach", busy, error)) return json_error(error);
    auto port = RingPort::create(name.empty() ? sw : name, uint32_t(slots), uint32_t(frame), error);
    if (!port) return json_error("attach: " + error);
    port->busy = busy;
    RingPort* raw = port.get();
    int id = host_.add_port(sw, std::move(port), error);
    if (id < 0) return json_error("attach: " + error);
    if (!mac.empty()) host_.bridge(sw)->table.set_static(mac_key_value, id);
    c.ports.push_back(id);
    const auto& f = raw->fds();
    fds_out = {f.mem, f.rx_data, f.rx_space, f.tx_data, f.tx_space};
    return "{\"ok\":true,\"port\":" + std::to_string(id) + ",\"switch\":" + json_quote(sw) +
           ",\"slots\":" + std::to_string(raw->memory().nslots()) +
           ",\"frame\":" + std::to_string(raw->memory().max_frame()) + "}";
}

std::string ControlServer::op_reattach(Client& c, const Object& o, std::vector<int>& fds_in) {
    std::string sw = json_string(o, "switch");
    if (sw.empty()) return json_error("reattach: \"switch\" is required");
    // "owner":"pidfd": a sixth descriptor, a pidfd of the process holding the port, which
    // keeps the port alive instead of this connection.
    std::string owner = json_string(o, "owner");
    if (!owner.empty() && owner != "pidfd")
        return json_error("reattach: unknown owner '" + owner + "' (\"pidfd\", or none for the connection)");
    size_t want = owner.empty() ? 5 : 6;
    if (fds_in.size() != want)
        return json_error("reattach: expected " + std::to_string(want) + " descriptors, got " +
                          std::to_string(fds_in.size()));
    std::string error;
    bool busy;
    if (!busy_flag(o, "reattach", busy, error)) return json_error(error);
    int pidfd = -1;
    if (!owner.empty()) {
        // Signal 0 checks without signalling: a pidfd of a live process, or not. EPERM is a
        // live process this switch may not signal (another user's): its pidfd still tells
        // when it ends, which is all an owner is for.
        if (::syscall(SYS_pidfd_send_signal, fds_in[5], 0, nullptr, 0) < 0 && errno != EPERM)
            return json_error(errno == ESRCH ? "reattach: the owner process has already ended"
                                             : "reattach: the sixth descriptor is not a pidfd");
        pidfd = fds_in[5];
        fds_in.pop_back();
    }
    netfront::PortFds fds{fds_in[0], fds_in[1], fds_in[2], fds_in[3], fds_in[4]};
    fds_in.clear();  // owned by the port (or closed by it on failure)
    auto fail = [&](const std::string& why) {
        if (pidfd >= 0) ::close(pidfd);
        return json_error("reattach: " + why);
    };
    auto port = RingPort::adopt(fds, error);
    if (!port) {
        for (int fd : {fds.rx_data, fds.rx_space, fds.tx_data, fds.tx_space}) ::close(fd);
        return fail(error);
    }
    port->busy = busy;
    int id = host_.add_port(sw, std::move(port), error);
    if (id < 0) return fail(error);
    if (pidfd >= 0) {
        owners_[pidfd] = id;
        host_.watch(pidfd, [this, pidfd] { owner_gone(pidfd); });
    } else {
        c.ports.push_back(id);
    }
    return "{\"ok\":true,\"port\":" + std::to_string(id) + "}";
}

void ControlServer::owner_gone(int pidfd) {
    auto it = owners_.find(pidfd);
    if (it == owners_.end()) return;
    int port = it->second;
    host_.unwatch(pidfd);
    ::close(pidfd);
    owners_.erase(it);
    host_.drain(port);
    host_.remove_port(port);
}

void ControlServer::forget_owner_of(int port) {
    for (auto it = owners_.begin(); it != owners_.end(); ++it)
        if (it->second == port) {
            host_.unwatch(it->first);
            ::close(it->first);
            owners_.erase(it);
            return;
        }
}

std::string ControlServer::op_attach_interface(const Object& o, bool tap) {
    std::string sw = json_string(o, "switch"), ifname = json_string(o, "ifname");
    if (sw.empty() || ifname.empty())
        return json_error(std::string(tap ? "tap" : "nic") + "-attach: \"switch\" and \"ifname\" are required");
    std::string mode = json_string(o, "mode", "packet");
    std::string error;
    bool busy;
    if (!busy_flag(o, tap ? "tap-attach" : "nic-attach", busy, error)) return json_error(error);
    std::unique_ptr<Port> port;
    if (!tap && mode != "packet" && mode != "xdp")
        return json_error("nic-attach: unknown mode '" + mode + "' (packet or xdp)");
    if (!tap)
        for (const auto& [name, b] : host_.bridges())
            for (int id : b.ports) {
                std::string kind = host_.port(id)->kind();
                if ((kind == "packet" || kind == "xdp") && host_.port(id)->name == ifname)
                    return json_error("nic-attach: interface '" + ifname + "' is already port " + std::to_string(id) +
                                      " of switch '" + name + "'");
            }
    if (tap) {
        port = TapPort::open(ifname, error);
    } else if (mode == "packet") {
        port = PacketPort::open(ifname, error);
    } else if (mode == "xdp") {
#ifdef CLICKOS_HAVE_XDP
        // "zerocopy": absent tries zero-copy and falls back to copy mode; true requires it;
        // false goes straight to copy mode.
        auto zc = o.find("zerocopy");
        XdpPort::ZeroCopy want = XdpPort::ZeroCopy::Try;
        if (zc != o.end()) {
            if (zc->second.kind != netfront::JsonValue::Bool)
                return json_error("nic-attach: \"zerocopy\" must be true or false");
            want = zc->second.boolean ? XdpPort::ZeroCopy::Require : XdpPort::ZeroCopy::Never;
        }
        port = XdpPort::open(ifname, want, error);
#else
        return json_error("nic-attach: this clickos-switch was built without libxdp (AF_XDP); use mode \"packet\"");
#endif
    } else {
        return json_error("nic-attach: unknown mode '" + mode + "' (packet or xdp)");
    }
    if (!port) return json_error(std::string(tap ? "tap" : "nic") + "-attach: " + error);
    port->busy = busy;
    int id = host_.add_port(sw, std::move(port), error);
    if (id < 0) return json_error(error);
    return "{\"ok\":true,\"port\":" + std::to_string(id) + "}";
}

std::string ControlServer::op_detach(const Object& o) {
    int64_t id = json_int(o, "port").value_or(-1);
    if (!host_.port(int(id))) return json_error("detach: no port " + std::to_string(id));
    host_.remove_port(int(id));
    for (auto& [fd, c] : clients_) std::erase(c->ports, int(id));
    forget_owner_of(int(id));
    return "{\"ok\":true}";
}

std::string ControlServer::op_ports(const Object& o) {
    std::string sw = json_string(o, "switch");
    std::string s = "{\"ok\":true,\"ports\":[";
    bool first = true;
    for (const auto& [name, b] : host_.bridges()) {
        if (!sw.empty() && name != sw) continue;
        for (int id : b.ports) {
            Port* p = host_.port(id);
            p->refresh_counters();
            const auto& k = p->counters;
            s += std::string(first ? "" : ",") + "{\"port\":" + std::to_string(id) + ",\"switch\":" + json_quote(name) +
                 ",\"kind\":" + json_quote(p->kind()) + ",\"name\":" + json_quote(p->name) +
                 ",\"rx_packets\":" + std::to_string(k.rx_packets) + ",\"rx_bytes\":" + std::to_string(k.rx_bytes) +
                 ",\"tx_packets\":" + std::to_string(k.tx_packets) + ",\"tx_bytes\":" + std::to_string(k.tx_bytes) +
                 ",\"tx_drops\":" + std::to_string(k.tx_drops) + ",\"bad_frames\":" + std::to_string(k.bad_frames) +
                 ",\"rx_drops\":" + std::to_string(k.rx_drops) + ",\"busy\":" + (p->busy ? "true" : "false") +
                 ",\"polls\":" + std::to_string(k.polls) + ",\"sleeps\":" + std::to_string(k.sleeps) +
                 ",\"wakeups\":" + std::to_string(k.wakeups) +
                 (p->info().empty() ? "" : ",\"info\":" + json_quote(p->info())) +
                 ",\"capture\":" + (p->capture ? json_quote(p->capture->path()) : std::string("null")) + "}";
            first = false;
        }
    }
    if (!sw.empty() && !host_.bridge(sw)) return json_error("no switch '" + sw + "'");
    return s + "]}";
}

std::string ControlServer::op_table(const Object& o) {
    std::string sw = json_string(o, "switch");
    auto* b = host_.bridge(sw);
    if (!b) return json_error("no switch '" + sw + "'");
    std::string s = "{\"ok\":true,\"entries\":[";
    bool first = true;
    for (const auto& [mac, e] : b->table.entries()) {
        s += std::string(first ? "" : ",") + "{\"mac\":" + json_quote(mac_string(mac)) +
             ",\"port\":" + std::to_string(e.port) + ",\"static\":" + (e.is_static ? "true" : "false") + "}";
        first = false;
    }
    return s + "]}";
}

std::string ControlServer::op_table_change(const Object& o, bool add) {
    std::string sw = json_string(o, "switch");
    auto* b = host_.bridge(sw);
    if (!b) return json_error("no switch '" + sw + "'");
    uint64_t mac;
    std::string text = json_string(o, "mac");
    if (!parse_mac(text, mac)) return json_error("bad MAC address '" + text + "'");
    if (!add) {
        if (!b->table.remove(mac)) return json_error("no entry for " + text);
        return "{\"ok\":true}";
    }
    int64_t port = json_int(o, "port").value_or(-1);
    const SwitchHost::Bridge* owner = host_.bridge_of(int(port));
    if (!owner || owner->name != sw) return json_error("switch '" + sw + "' has no port " + std::to_string(port));
    b->table.set_static(mac, int(port));
    return "{\"ok\":true}";
}

std::string ControlServer::op_capture(const Object& o, bool start) {
    int64_t id = json_int(o, "port").value_or(-1);
    Port* p = host_.port(int(id));
    if (!p) return json_error("no port " + std::to_string(id));
    if (!start) {
        if (!p->capture) return json_error("port " + std::to_string(id) + " is not being captured");
        std::string frames = std::to_string(p->capture->frames());
        delete p->capture;
        p->capture = nullptr;
        return "{\"ok\":true,\"frames\":" + frames + "}";
    }
    std::string file = json_string(o, "file");
    if (file.empty() || file.rfind("fd:", 0) == 0) return json_error("capture: \"file\" must be a file path");
    int64_t snaplen = json_int(o, "snaplen").value_or(65535);
    if (snaplen < 64 || snaplen > 262144) return json_error("capture: snaplen must be from 64 to 262144");
    std::string error;
    Capture* cap = Capture::open(file, uint32_t(snaplen), error);
    if (!cap) return json_error("capture: " + error);
    delete p->capture;
    p->capture = cap;
    return "{\"ok\":true}";
}

}  // namespace clickos::sw
