#include "socket.hh"

#include <tuple>

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/router.hh"
#include "iproute/iproutetable.hh"

namespace clickos {

namespace {
constexpr int64_t push_wait_ns = 1'000'000'000;  // longest a pushed packet waits for room
constexpr int reads_per_wakeup = 32;             // bounded work per readiness event
constexpr int writes_per_run = 32;

std::string describe(const platform::SocketAddress& a) {
    if (a.unix_path) return a.path;
    return IPAddress{a.ip}.str() + ":" + std::to_string(a.port);
}
}  // namespace

Socket::~Socket() {
    cleanup(CleanupStage::Failed);
}

int Socket::configure(Args& args) {
    Word type;
    RawArg pos[4];
    bool client = noutputs() == 0;
    uint32_t sndbuf = 0, rcvbuf = 0;
    Word allow, deny;
    if (args.read_mp("TYPE", type)
            .read_mp("ADDRESS", pos[0])
            .read_p("ARG3", pos[1])
            .read_p("ARG4", pos[2])
            .read_p("ARG5", pos[3])
            .read("SNAPLEN", snaplen_)
            .read("NODELAY", nodelay_)
            .read("CLIENT", client)
            .read("SNDBUF", sndbuf)
            .read("RCVBUF", rcvbuf)
            .read("TIMESTAMP", timestamp_)
            .read("VERBOSE", verbose_)
            .read("HEADROOM", headroom_)
            .read("ALLOW", allow)
            .read("DENY", deny)
            .complete() < 0)
        return -1;
    // Positional arguments as written, for messages at their own location.
    std::vector<const Args::Arg*> positional;
    for (const auto& a : args.args())
        if (a.keyword.empty()) positional.push_back(&a);
    int npos = int(positional.size());
    auto bad = [&](int i, const std::string& message) {
        return i < npos ? args.error_at(*positional[i], message) : args.error(message);
    };

    std::string t;
    for (char c : type.text) t += char(std::toupper(static_cast<unsigned char>(c)));
    if (t == "TCP" || t == "UDP") {
        stream_ = t == "TCP";
        if (npos > 5) return bad(5, "too many arguments for a " + t + " socket");
        IPAddress ip, local_ip;
        uint16_t port = 0, local_port = 0;
        std::string why;
        if (!parse_value(pos[0].text, ip, why)) return bad(1, "IP: " + why);
        if (npos < 3) return args.error("missing PORT argument");
        if (!parse_value(pos[1].text, port, why)) return bad(2, "PORT: " + why);
        if (npos > 3 && !parse_value(pos[2].text, local_ip, why)) return bad(3, "LOCALIP: " + why);
        if (npos > 4 && !parse_value(pos[3].text, local_port, why)) return bad(4, "LOCALPORT: " + why);
        remote_.ip = ip.addr;
        remote_.port = port;
        local_.ip = local_ip.addr;
        local_.port = local_port;
        bind_local_ = npos > 3 && (local_port != 0 || local_.ip != 0);
    } else if (t == "UNIX" || t == "UNIX_DGRAM") {
        stream_ = t == "UNIX";
        unix_ = true;
        if (npos > 3) return bad(3, "too many arguments for a " + t + " socket");
        remote_.unix_path = local_.unix_path = true;
        std::string why;
        parse_value(pos[0].text, remote_.path, why);
        if (npos > 2) parse_value(pos[1].text, local_.path, why);
        bind_local_ = !local_.path.empty();
        constexpr size_t max_path = 107;  // sockaddr_un's sun_path, less the final NUL
        if (remote_.path.empty() || remote_.path.size() > max_path)
            return bad(1, "FILENAME must be 1 to 107 bytes long");
        if (local_.path.size() > max_path) return bad(2, "LOCALFILENAME must be at most 107 bytes long");
    } else {
        return bad(0, "unknown socket type '" + type.text + "' (expected TCP, UDP, UNIX or UNIX_DGRAM)");
    }
    // A local address makes a client unless CLIENT says otherwise (then it is ignored).
    client_ = args.given("CLIENT") ? client : (client || bind_local_);
    if (!client_) bind_local_ = false;
    dst_from_anno_ = client_ && !stream_ && !unix_ && remote_.ip == 0;
    if (snaplen_ == 0 || snaplen_ > 65535) return args.error("SNAPLEN must be 1 to 65535");
    if (headroom_ > 1024) return args.error("HEADROOM must be at most 1024");
    // ALLOW and DENY name IPRouteTable elements, reported at their own argument.
    for (auto [keyword, name, table] : {std::tuple{"ALLOW", &allow, &allow_}, std::tuple{"DENY", &deny, &deny_}}) {
        if (!args.given(keyword)) continue;
        const Args::Arg* at = nullptr;
        for (const auto& a : args.args())
            if (a.keyword == keyword) at = &a;
        auto report = [&](const std::string& m) { return at ? args.error_at(*at, m) : args.error(m); };
        Element* e = router()->find(name->text, this);
        if (!e) return report(std::string(keyword) + ": no element named '" + name->text + "'");
        if (!(*table = dynamic_cast<IPRouteTable*>(e)))
            return report(std::string(keyword) + ": '" + name->text +
                          "' is not an IPRouteTable (such as RadixIPLookup)");
        if (unix_) return report(std::string(keyword) + " filters IP addresses: not for unix sockets");
    }
    if (args.given("SNDBUF")) sndbuf_ = int(std::min<uint32_t>(sndbuf, 1u << 30));
    if (args.given("RCVBUF")) rcvbuf_ = int(std::min<uint32_t>(rcvbuf, 1u << 30));
    return 0;
}

int Socket::fail(ErrorHandler* errh, const std::string& error) {
    errh->error(declaration() + ": " + error);
    cleanup(CleanupStage::Failed);
    return -1;
}

int Socket::initialize(ErrorHandler* errh) {
    std::string error;
    fd_ = platform::open_socket(unix_, stream_, error);
    if (fd_ < 0) return fail(errh, error);
    if (!platform::set_socket_buffers(fd_, sndbuf_, rcvbuf_, error)) return fail(errh, error);
    if (stream_ && !unix_ && nodelay_ && !platform::set_tcp_nodelay(fd_, error)) return fail(errh, error);
    if (client_) {
        if (bind_local_) {
            if (!platform::bind_socket(fd_, local_, error)) return fail(errh, describe(local_) + ": " + error);
            if (unix_) bound_path_ = local_.path;
        }
        if (stream_) {
            if (!platform::connect_socket(fd_, remote_, error)) return fail(errh, describe(remote_) + ": " + error);
            note("connected to " + describe(remote_));
        }
        active_ = fd_;
    } else {
        if (!platform::bind_socket(fd_, remote_, error)) return fail(errh, describe(remote_) + ": " + error);
        if (unix_) bound_path_ = remote_.path;
        if (stream_) {
            if (!platform::listen_socket(fd_, 2, error)) return fail(errh, error);
            note("listening on " + describe(remote_));
        } else {
            active_ = fd_;
        }
    }
    platform::set_nonblocking(fd_);
    if (ninputs() && input_is_pull(0)) {
        task_.initialize(this, true);
        signal_ = router()->upstream_empty_signal(this, 0, &task_);
    }
    update_watch();
    return 0;
}

void Socket::update_watch() {
    if (fd_ < 0) return;
    if (stream_ && !client_) router()->add_select(fd_, active_ < 0 ? platform::Poller::Read : 0, this);
    if (active_ < 0) return;
    int mask = (noutputs() || stream_ ? int(platform::Poller::Read) : 0) | (pending_ ? platform::Poller::Write : 0);
    router()->add_select(active_, mask, this);
}

bool Socket::allowed(const platform::SocketAddress& from) const {
    uint32_t gw;
    if (unix_ || from.unix_path) return true;
    if (allow_ && allow_->lookup_route(from.ip, gw) >= 0) return true;
    return !(deny_ && deny_->lookup_route(from.ip, gw) >= 0);
}

void Socket::note(const std::string& message) const {
    if (verbose_) platform::write_stderr(declaration() + ": " + message + "\n");
}

void Socket::close_active() {
    if (active_ < 0) return;
    router()->add_select(active_, 0, this);
    if (active_ != fd_) platform::close_fd(active_);
    active_ = -1;
    note("connection closed");
    if (pending_) {
        ++drops_;
        pending_->kill();
        pending_ = nullptr;
    }
    update_watch();  // a server listens again
}

void Socket::cleanup(CleanupStage) {
    if (receiving_) receiving_->kill();
    if (pending_) pending_->kill();
    receiving_ = pending_ = nullptr;
    if (active_ >= 0 && active_ != fd_) platform::close_fd(active_);
    active_ = -1;
    if (fd_ >= 0) platform::close_fd(fd_);
    fd_ = -1;
    if (!bound_path_.empty()) platform::remove_file(bound_path_);
    bound_path_.clear();
}

Socket::Sent Socket::write_packet(Packet* p) {
    while (p->length()) {
        long n;
        if (stream_) {
            n = platform::send_some(active_, p->data(), p->length());
        } else {
            platform::SocketAddress to = remote_;
            if (dst_from_anno_) to.ip = p->dst_ip_anno();
            if (!client_ && !have_peer_) break;  // a datagram server has no one to answer yet
            n = platform::send_datagram(active_, p->data(), p->length(), &to);
        }
        if (n < 0 && platform::would_block()) return Sent::WouldBlock;
        if (n < 0) {
            note("send: " + platform::last_error());
            ++drops_;
            p->kill();
            if (!stream_) return Sent::Done;  // one datagram lost; the socket goes on
            close_active();
            return Sent::Closed;
        }
        if (!stream_) {
            p->kill();
            return Sent::Done;
        }
        p->pull(uint32_t(n));
    }
    if (!stream_ && !client_ && !have_peer_) ++drops_;
    p->kill();
    return Sent::Done;
}

void Socket::push(int, Packet* p) {
    if (active_ < 0) {
        ++drops_;
        p->kill();
        return;
    }
    int64_t deadline = platform::monotonic_ns() + push_wait_ns;
    for (;;) {
        Sent s = write_packet(p);
        if (s != Sent::WouldBlock) return;
        int64_t left = deadline - platform::monotonic_ns();
        if (left <= 0 || !platform::wait_writable(active_, left)) {
            ++drops_;
            p->kill();
            return;
        }
    }
}

bool Socket::run_task(Task*) {
    if (active_ < 0) return false;  // woken again when a connection arrives
    bool any = false;
    for (int i = 0; i < writes_per_run; ++i) {
        Packet* p = pending_ ? pending_ : input(0).pull();
        pending_ = nullptr;
        if (!p) break;
        any = true;
        Sent s = write_packet(p);
        if (s == Sent::WouldBlock) {
            pending_ = p;
            update_watch();  // resumes on writability
            return any;
        }
        if (s == Sent::Closed) return any;
    }
    if (any || signal_.active()) task_.fast_reschedule();
    return any;
}

void Socket::receive() {
    for (int i = 0; i < reads_per_wakeup && active_ >= 0; ++i) {
        if (!receiving_ && !(receiving_ = Packet::make(headroom_, nullptr, snaplen_, 0))) return;
        long n;
        platform::SocketAddress from;
        if (stream_)
            n = platform::recv_some(active_, receiving_->mutable_data(), snaplen_);
        else
            n = platform::recv_datagram(active_, receiving_->mutable_data(), snaplen_, client_ ? nullptr : &from);
        if (n < 0 && platform::would_block()) return;
        if (n < 0 || (n == 0 && stream_)) {
            if (n < 0) note("receive: " + platform::last_error());
            if (stream_) close_active();
            return;
        }
        if (!stream_ && !client_) {
            if (!allowed(from)) {
                ++refused_;
                note("refused a datagram from " + describe(from));
                continue;  // the buffer is reused for the next datagram
            }
            remote_ = from;
            have_peer_ = true;
        }
        Packet* p = receiving_;
        receiving_ = nullptr;
        p->take(snaplen_ - uint32_t(std::min<long>(n, snaplen_)));
        if (timestamp_) p->set_timestamp_anno(Timestamp::now());
        if (noutputs())
            output(0).push(p);
        else
            p->kill();
    }
}

void Socket::selected(int fd, int mask) {
    if (stream_ && !client_ && fd == fd_ && active_ < 0) {
        int c = platform::accept_connection(fd_);
        if (c < 0) return;
        platform::SocketAddress peer;
        if ((allow_ || deny_) && (!platform::peer_address(c, peer) || !allowed(peer))) {
            ++refused_;
            note("refused a connection from " + describe(peer));
            platform::close_fd(c);
            return;
        }
        active_ = c;
        note("accepted a connection");
        update_watch();
        if (ninputs() && input_is_pull(0)) task_.reschedule();
        return;
    }
    if (fd != active_) return;
    if (mask & platform::Poller::Write) {
        if (pending_) {
            Packet* p = pending_;
            pending_ = nullptr;
            if (write_packet(p) == Sent::WouldBlock) pending_ = p;
            update_watch();
        }
        if (!pending_ && ninputs() && input_is_pull(0)) task_.reschedule();
    }
    if (mask & platform::Poller::Read) receive();
}

void Socket::add_handlers() {
    if (ninputs() && input_is_pull(0)) add_task_handlers(&task_);
    add_read_handler("drops", [this](Element*) { return std::to_string(drops_) + "\n"; });
    add_read_handler("refused", [this](Element*) { return std::to_string(refused_) + "\n"; });
    add_read_handler("connected", [this](Element*) {
        bool c = active_ >= 0 && (stream_ || client_ || have_peer_);
        return std::string(c ? "true" : "false") + "\n";
    });
}

CLICKOS_ELEMENT(Socket);

}  // namespace clickos
