/**
 * @element Socket
 * @synopsis Socket(TYPE, ADDRESS... [, KEYWORDS])
 * @category comm
 * @summary sends and receives packets over TCP, UDP or unix sockets
 * @ports 0 or 1 inputs / 0 or 1 outputs, agnostic in, push out
 *
 * The forms are Socket(TCP, IP, PORT [, LOCALIP [, LOCALPORT]]),
 * Socket(UDP, IP, PORT [, LOCALIP [, LOCALPORT]]), Socket(UNIX, FILENAME [, LOCALFILENAME]) and
 * Socket(UNIX_DGRAM, FILENAME [, LOCALFILENAME]). Packets do not flow through a Socket:
 * packets arriving on its input are sent to the remote end, and data received from the
 * remote end leaves on its output, so a configuration can talk to other programs.
 *
 * A TCP or UNIX Socket is a server unless CLIENT is true: it binds and listens on the
 * address and serves one connection at a time (the next is accepted when the current one
 * closes). A client connects to the address in initialize; a Socket with no output is a
 * client unless CLIENT says otherwise, and one given a local address or file is a client
 * unless CLIENT is false (the local address is then bound before connecting). Streams have
 * no framing: each read of up to SNAPLEN bytes becomes one packet, and each packet's bytes
 * are written to the stream in order.
 *
 * A UDP or UNIX_DGRAM Socket keeps datagram boundaries: one datagram is one packet (cut to
 * SNAPLEN bytes). A datagram server binds the address, emits what any sender sends, and
 * sends its input packets to the last sender heard from (dropping them until there is
 * one). A datagram client sends to the address; a UDP client with IP 0.0.0.0 sends each
 * packet to its destination IP annotation instead.
 *
 * Pushed input packets wait for the socket to accept them (at most one second, then they
 * are dropped and counted); a pulled input is pulled only while the socket can take data.
 * Received packets get the current time as timestamp unless TIMESTAMP is false. A unix
 * socket file the Socket bound is removed at cleanup.
 *
 * A TCP or UDP server given ALLOW or DENY, the names of IPRouteTable elements (such as
 * RadixIPLookup), filters its clients by source address: a connection or datagram whose
 * source has a route in ALLOW is taken; otherwise one whose source has a route in DENY is
 * refused (closed or dropped); otherwise it is taken. A route to 0.0.0.0/0 in DENY denies
 * everyone ALLOW does not name.
 *
 * Differences from Click: PROPER (PlanetLab) is not provided, abstract unix socket names
 * are not supported, and a pushed packet waits at most one second instead of forever.
 *
 * @arg TYPE word: TCP, UDP, UNIX or UNIX_DGRAM
 * @arg IP IP address: remote address (client) or address to bind (server), TCP and UDP
 * @arg PORT unsigned: remote port (client) or port to bind (server), TCP and UDP
 * @arg LOCALIP IP address: local address to bind before connecting (client)
 * @arg LOCALPORT unsigned: local port to bind before connecting (client)
 * @arg FILENAME string: the unix socket path, UNIX and UNIX_DGRAM
 * @arg LOCALFILENAME string: local unix socket path to bind before connecting (client)
 * @arg SNAPLEN unsigned: largest packet received, in bytes (default 2048)
 * @arg NODELAY boolean: disable Nagle's algorithm on TCP sockets (default true)
 * @arg CLIENT boolean: connect instead of listening (default: false, or true without an output)
 * @arg SNDBUF unsigned: socket send buffer size in bytes (default: the system's)
 * @arg RCVBUF unsigned: socket receive buffer size in bytes (default: the system's)
 * @arg TIMESTAMP boolean: timestamp received packets (default true)
 * @arg VERBOSE boolean: print a message when connections open and close (default false)
 * @arg HEADROOM unsigned: headroom of received packets, in bytes (default 28)
 * @arg ALLOW element: an IPRouteTable of client addresses always accepted (servers)
 * @arg DENY element: an IPRouteTable of client addresses refused unless ALLOW has them (servers)
 * @handler scheduled read: whether the pull task is scheduled (pull input only)
 * @handler tickets read/write: the pull task's tickets (pull input only)
 * @handler drops read: input packets that could not be sent
 * @handler refused read: connections and datagrams refused by ALLOW and DENY
 * @handler connected read: true while a connection (or a datagram peer) is there to send to
 * @see ControlSocket, ToDevice, FromDevice
 */
#pragma once
#include "clickos/element.hh"
#include "clickos/notifier.hh"
#include "clickos/platform.hh"
#include "clickos/task.hh"

namespace clickos {

class IPRouteTable;

class Socket : public Element {
  public:
    Socket() : task_(this) {}
    ~Socket() override;
    const char* class_name() const override { return "Socket"; }
    const char* port_count() const override { return "0-1/0-1"; }
    const char* processing() const override { return "a/h"; }
    const char* flow_code() const override { return "x/y"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage stage) override;
    void add_handlers() override;
    void push(int port, Packet* p) override;
    bool run_task(Task*) override;
    void selected(int fd, int mask) override;

  private:
    enum class Sent { Done, WouldBlock, Closed };
    Sent write_packet(Packet* p);  // Done and Closed consume p
    void receive();
    void close_active();
    void update_watch();
    void note(const std::string& message) const;
    int fail(ErrorHandler* errh, const std::string& error);
    bool allowed(const platform::SocketAddress& from) const;

    bool stream_ = true;
    bool unix_ = false;
    bool client_ = false;
    platform::SocketAddress remote_, local_;
    bool bind_local_ = false;
    bool dst_from_anno_ = false;
    bool have_peer_ = false;  // datagram server: someone sent to us
    uint32_t snaplen_ = 2048;
    bool nodelay_ = true;
    int sndbuf_ = -1, rcvbuf_ = -1;
    bool timestamp_ = true;
    bool verbose_ = false;
    std::string bound_path_;  // unix path to remove at cleanup
    uint32_t headroom_ = 28;
    IPRouteTable* allow_ = nullptr;
    IPRouteTable* deny_ = nullptr;
    uint64_t refused_ = 0;

    int fd_ = -1;                  // the socket (listening, for stream servers)
    int active_ = -1;              // the connection (or fd_ for datagrams and stream clients)
    Packet* receiving_ = nullptr;  // buffer for the next read
    Packet* pending_ = nullptr;    // pulled packet the socket had no room for yet
    uint64_t drops_ = 0;
    Task task_;
    NotifierSignal signal_;
};

}  // namespace clickos
