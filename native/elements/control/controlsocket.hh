/**
 * @element ControlSocket
 * @synopsis ControlSocket(TYPE, PORT or FILENAME [, READONLY, VERBOSE, LOCALHOST, RETRIES, RETRY_WARNINGS])
 * @category control
 * @summary lets other programs call handlers over a TCP or unix socket
 * @ports none
 *
 * Listens on loopback TCP port PORT (TYPE TCP) or on the unix socket FILENAME (TYPE UNIX) and
 * speaks Click's line protocol, version 1.3, to any number of clients at once. On connecting,
 * a client receives "Click::ControlSocket/1.3". Commands are lines (CR, LF or CRLF); each gets
 * response lines "CODE message" ending in CRLF, all but the last of a group written
 * "CODE-message"; values follow as "DATA n" and n bytes.
 *
 * - `READ HANDLER [PARAMS]` (or GET): a handler's value. `READDATA HANDLER n`: the same, with
 *   the n bytes after the line as parameters. `READUNTIL HANDLER [TERM]`: parameters are the
 *   lines up to one equal to TERM (a blank line if none).
 * - `WRITE HANDLER [VALUE]` (or SET), `WRITEDATA HANDLER n` (or SETDATA),
 *   `WRITEUNTIL HANDLER [TERM]`: call a write handler.
 * - `CHECKREAD HANDLER`, `CHECKWRITE HANDLER`: whether the handler can be read or written.
 * - `LLRPC ELEMENT#N [n]`: not available here (501), its n bytes of data are skipped.
 * - `HELP`: the commands. `QUIT` (or CLOSE): "200 Goodbye!" and the connection closes.
 *
 * HANDLER is `element.handler` (the element by name or by 1-based index) or a global handler
 * (`version`, `list`, `stop`...; `.stop` and `0.stop` also name it). Codes: 200 OK, 220 OK with
 * warnings from the handler, 500 syntax error, 501 unimplemented, 510 no such element, 511 no
 * such handler (or not readable/writable, for CHECKREAD/CHECKWRITE), 520 handler error, 521 data
 * too large, 530 permission denied (READONLY, or a write-only handler read). A write handler
 * may choose another 5xx code for its errors (clickos-instance's hotconfig: 540 restart required).
 *
 * A line longer than 64 KiB, or a data block larger than 16 MiB, gets an error and the
 * connection is closed once the response is sent. A client that does not read its responses
 * holds only its own connection: nothing more is read from it until they are sent.
 *
 * Unlike Click, a TCP ControlSocket listens on 127.0.0.1 only unless LOCALHOST is false. PORT
 * may end with '+' ("41930+") to take the first free port from PORT on (64 tried); the `port`
 * handler tells which. The unix socket file is removed when the router stops. PROXY and
 * hot-swapping a listening socket are not supported.
 *
 * @arg TYPE keyword: TCP or UNIX
 * @arg PORT integer: the TCP port (1 to 65535), optionally followed by '+'
 * @arg FILENAME string: the unix socket's path
 * @arg READONLY boolean: refuse writes with 530 (default false)
 * @arg VERBOSE boolean: report connections opened and closed on standard error (default false)
 * @arg LOCALHOST boolean: TCP: listen on 127.0.0.1 only (default true)
 * @arg RETRIES integer: if the socket cannot be opened, try again every second this many times,
 *   then stop the router (default 0: fail at once)
 * @arg RETRY_WARNINGS boolean: warn at every failed try, not just the last (default true)
 * @handler port read: the TCP port listened on
 * @handler filename read: the unix socket's path
 * @see Script, DriverManager
 */
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "clickos/element.hh"
#include "clickos/timer.hh"
#include "controlsocket_protocol.hh"

namespace clickos {

class ControlSocket : public Element {
  public:
    ControlSocket() : retry_timer_(this) {}
    const char* class_name() const override { return "ControlSocket"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage) override;
    void add_handlers() override;
    void selected(int fd, int mask) override;
    void run_timer(Timer*) override;

  private:
    static constexpr size_t max_connections = 64;
    static constexpr size_t max_pending_output = size_t(4) << 20;  // stop reading a client past this

    struct Connection {
        Connection(int f, Router* r, bool read_only) : fd(f), protocol(r, read_only) {}
        int fd;
        ControlProtocol protocol;
        std::string in;
        size_t in_pos = 0;
        std::string out;
        size_t out_pos = 0;
        bool read_closed = false;  // the client sent end-of-file (or the socket failed)
        bool closing = false;      // close once `out` is sent (QUIT, or a fatal error)
        bool broken = false;       // sending failed: close now
        int mask = 0;              // what the poller watches for this descriptor
    };

    bool open_socket(std::string& error);
    void accept_clients();
    bool service(Connection& c);
    void receive(Connection& c);
    bool process(Connection& c);  // true if commands remain for a later turn
    void flush(Connection& c);
    void close_connection(size_t index);
    void note(const std::string& message) const;

    bool tcp_ = true;
    int port_ = 0;              // as configured (TCP)
    bool port_search_ = false;  // "PORT+"
    int bound_port_ = 0;
    std::string path_;  // UNIX
    bool read_only_ = false;
    bool verbose_ = false;
    bool localhost_ = true;
    int retries_ = 0;
    bool retry_warnings_ = true;
    int listen_fd_ = -1;
    bool socket_file_made_ = false;
    Timer retry_timer_;
    std::vector<std::unique_ptr<Connection>> connections_;
};

}  // namespace clickos
