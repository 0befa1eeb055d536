#include "controlsocket.hh"

#include <cctype>

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/platform.hh"
#include "clickos/router.hh"
#include "lang/config_args.hh"

namespace clickos {

namespace {

constexpr int max_commands_per_turn = 64;  // then other clients and tasks get their turn
constexpr int port_search_span = 64;
constexpr size_t max_unix_path = 107;  // sockaddr_un's sun_path, less the terminator

std::string upper(std::string s) {
    for (char& c : s) c = char(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

// ---------------------------------------------------------------- configuration

int ControlSocket::configure(Args& args) {
    // The second argument is a PORT or a FILENAME depending on the first, so look at it first.
    std::string first_type;
    if (!args.args().empty()) {
        std::string kw, rest, v = args.args()[0].value;
        first_type = upper(lang::split_keyword(v, kw, rest) && kw == "TYPE" ? rest : v);
    }
    bool unix_socket = first_type == "UNIX";
    Word type;
    RawArg where, proxy;
    args.read_mp("TYPE", type).read_mp(unix_socket ? "FILENAME" : "PORT", where);
    args.read("READONLY", read_only_)
        .read("PROXY", proxy)
        .read("VERBOSE", verbose_)
        .read("LOCALHOST", localhost_)
        .read("RETRIES", retries_)
        .read("RETRY_WARNINGS", retry_warnings_);
    if (args.complete() < 0) return -1;
    // Where an argument was written: by keyword, or as the n-th positional argument.
    auto at = [&](const char* keyword, int positional = -1) -> const Args::Arg& {
        int k = 0;
        for (const auto& a : args.args())
            if (a.keyword == keyword || (a.keyword.empty() && k++ == positional)) return a;
        return args.args().front();
    };
    std::string t = upper(type.text);
    if (t != "TCP" && t != "UNIX")
        return args.error_at(at("TYPE", 0), "TYPE: expected TCP or UNIX, found '" + type.text + "'");
    if (args.given("PROXY")) return args.error_at(at("PROXY"), "PROXY is not supported");
    if (retries_ < 0) return args.error_at(at("RETRIES"), "RETRIES must be at least 0");
    tcp_ = t == "TCP";
    if (tcp_) {
        std::string p = where.text;
        port_search_ = !p.empty() && p.back() == '+';
        if (port_search_) p.pop_back();
        uint16_t port;
        std::string why;
        if (!parse_value(p, port, why) || port == 0)
            return args.error_at(at("PORT", 1), "PORT: expected TCP port (1 to 65535), found '" + where.text + "'");
        port_ = port;
    } else {
        path_ = unquote(where.text);
        if (path_.empty()) return args.error_at(at("FILENAME", 1), "FILENAME: expected a file name");
        if (path_.size() > max_unix_path)
            return args.error_at(at("FILENAME", 1), "FILENAME: longer than " + std::to_string(max_unix_path) +
                                                        " bytes, too long for a unix socket");
    }
    return 0;
}

// ---------------------------------------------------------------- life cycle

bool ControlSocket::open_socket(std::string& error) {
    int fd = -1;
    if (tcp_) {
        int last = port_search_ ? std::min(port_ + port_search_span - 1, 65535) : port_;
        for (int p = port_; p <= last && fd < 0; ++p) {
            fd = platform::listen_tcp(p, localhost_, error);
            if (fd >= 0) bound_port_ = p;
        }
    } else {
        fd = platform::listen_unix(path_, error);
        socket_file_made_ = fd >= 0;
    }
    if (fd < 0) return false;
    listen_fd_ = fd;
    router()->add_select(fd, platform::Poller::Read, this);
    return true;
}

int ControlSocket::initialize(ErrorHandler* errh) {
    std::string error;
    retry_timer_.initialize(this);
    if (open_socket(error)) return 0;
    if (retries_ <= 0) return errh->error(error);
    if (retry_warnings_)
        errh->warning(error + " (" + std::to_string(retries_) + (retries_ == 1 ? " try" : " tries") + " left)");
    retry_timer_.schedule_after(Timestamp::from_sec(1));
    return 0;
}

void ControlSocket::run_timer(Timer*) {
    std::string error;
    if (listen_fd_ >= 0 || open_socket(error)) return;
    --retries_;
    if (retries_ > 0) {
        if (retry_warnings_)
            platform::write_stderr(declaration() + ": warning: " + error + " (" + std::to_string(retries_) +
                                   (retries_ == 1 ? " try" : " tries") + " left)\n");
        retry_timer_.schedule_after(Timestamp::from_sec(1));
        return;
    }
    platform::write_stderr(declaration() + ": " + error + " (giving up)\n");
    router()->please_stop();
}

void ControlSocket::cleanup(CleanupStage) {
    for (auto& c : connections_) {
        flush(*c);  // one last try to send what is pending
        router()->add_select(c->fd, 0, this);
        platform::close_fd(c->fd);
    }
    connections_.clear();
    if (listen_fd_ >= 0) {
        router()->add_select(listen_fd_, 0, this);
        platform::close_fd(listen_fd_);
        listen_fd_ = -1;
    }
    if (socket_file_made_) {
        platform::remove_file(path_);
        socket_file_made_ = false;
    }
}

void ControlSocket::add_handlers() {
    if (tcp_)
        add_read_handler("port", [this](Element*) { return std::to_string(bound_port_ ? bound_port_ : port_) + "\n"; });
    else
        add_read_handler("filename", [this](Element*) { return path_ + "\n"; });
}

void ControlSocket::note(const std::string& message) const {
    if (verbose_) platform::write_stderr(declaration() + ": " + message + "\n");
}

// ---------------------------------------------------------------- connections

void ControlSocket::selected(int fd, int) {
    if (fd == listen_fd_) {
        accept_clients();
        return;
    }
    for (size_t i = 0; i < connections_.size(); ++i)
        if (connections_[i]->fd == fd) {
            if (!service(*connections_[i])) close_connection(i);
            return;
        }
}

void ControlSocket::accept_clients() {
    for (int k = 0; k < 16; ++k) {
        int fd = platform::accept_connection(listen_fd_);
        if (fd < 0) return;
        if (connections_.size() >= max_connections) {
            note("too many connections, refusing one");
            platform::close_fd(fd);
            continue;
        }
        connections_.push_back(std::make_unique<Connection>(fd, router(), read_only_));
        Connection& c = *connections_.back();
        c.out = ControlProtocol::greeting;
        note("opened connection " + std::to_string(fd));
        if (!service(c)) close_connection(connections_.size() - 1);
    }
}

// Reads what the client sent, answers what can be answered, sends what it can; false when
// the connection is over.
bool ControlSocket::service(Connection& c) {
    receive(c);
    bool more = process(c);
    flush(c);
    bool sent_all = c.out_pos == c.out.size();
    if (c.broken || ((c.closing || c.read_closed) && !more && sent_all)) return false;
    int want = 0;
    size_t pending = c.out.size() - c.out_pos;
    if (!c.read_closed && !c.closing && !more && pending < max_pending_output) want |= platform::Poller::Read;
    if (pending > 0 || more) want |= platform::Poller::Write;
    if (want != c.mask) {
        router()->add_select(c.fd, want, this);
        c.mask = want;
    }
    return true;
}

void ControlSocket::receive(Connection& c) {
    if (c.read_closed || c.closing || c.out.size() - c.out_pos >= max_pending_output) return;
    char buf[65536];
    for (int k = 0; k < 4; ++k) {
        long n = platform::recv_some(c.fd, buf, sizeof buf);
        if (n > 0) {
            c.in.append(buf, size_t(n));
            if (size_t(n) < sizeof buf) return;
            continue;
        }
        if (n == 0 || !platform::would_block()) c.read_closed = true;
        return;
    }
}

bool ControlSocket::process(Connection& c) {
    if (c.closing) {
        c.in.clear();
        c.in_pos = 0;
        return false;
    }
    bool more = true;
    for (int n = 0; n < max_commands_per_turn; ++n) {
        if (c.out.size() - c.out_pos >= max_pending_output) break;  // until the client reads
        ControlProtocol::Result r = c.protocol.next(c.in, c.in_pos, c.read_closed, c.out);
        if (r == ControlProtocol::Result::NeedMore) {
            more = false;
            break;
        }
        if (r == ControlProtocol::Result::Close) {
            c.closing = true;
            c.in.clear();
            c.in_pos = 0;
            return false;
        }
    }
    if (c.in_pos > 0) {
        c.in.erase(0, c.in_pos);
        c.in_pos = 0;
    }
    return more;
}

void ControlSocket::flush(Connection& c) {
    if (!control_send(c.fd, c.out, c.out_pos)) c.broken = true;
}

void ControlSocket::close_connection(size_t index) {
    int fd = connections_[index]->fd;
    router()->add_select(fd, 0, this);
    platform::close_fd(fd);
    note("closed connection " + std::to_string(fd));
    connections_.erase(connections_.begin() + std::ptrdiff_t(index));
}

CLICKOS_ELEMENT(ControlSocket);

}  // namespace clickos
