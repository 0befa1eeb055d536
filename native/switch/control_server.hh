// The switch's control socket: one JSON object per line (docs/switch.md lists the
// operations), descriptors passed with SCM_RIGHTS. A connection that attached a port is that
// port's lifeline: when it closes (the instance died), the switch frees the port. A port
// reattached with an owner pidfd lives as long as that process instead (a host hands an
// instance's ports back to a restarted switch: the instance cannot hold a new connection).
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "netfront/control_channel.hh"
#include "netfront/json_line.hh"
#include "switch_host.hh"

namespace clickos::sw {

class ControlServer {
  public:
    explicit ControlServer(SwitchHost& host) : host_(host) {}
    ~ControlServer();
    // Listens on a unix socket readable and writable by its owner only (0600).
    bool listen(const std::string& path, std::string& error);

  private:
    struct Client {
        int fd = -1;
        netfront::LineReader reader;
        std::vector<int> ports;  // ports this connection is the lifeline of
    };
    using Object = std::map<std::string, netfront::JsonValue>;
    void accept_clients();
    void serve(int fd);
    void drop_client(int fd);
    // Answers one request; `fds_in` were received with it, `fds_out` go with the reply.
    std::string handle(Client& c, const std::string& line, std::vector<int>& fds_in, std::vector<int>& fds_out);
    std::string op_attach(Client& c, const Object& o, std::vector<int>& fds_out);
    std::string op_reattach(Client& c, const Object& o, std::vector<int>& fds_in);
    std::string op_ports(const Object& o);
    std::string op_table(const Object& o);
    std::string op_table_change(const Object& o, bool add);
    std::string op_capture(const Object& o, bool start);
    std::string op_detach(const Object& o);
    std::string op_attach_interface(const Object& o, bool tap);
    // The process that owns a reattached port ended: the port goes as with a closed lifeline.
    void owner_gone(int pidfd);
    void forget_owner_of(int port);

    SwitchHost& host_;
    int listen_fd_ = -1;
    std::string path_;
    std::map<int, std::unique_ptr<Client>> clients_;
    std::map<int, int> owners_;  // owner pidfd -> the port it keeps alive
};

std::string json_error(const std::string& message);

}  // namespace clickos::sw
