#include "switch_client.hh"

#include <unistd.h>

#include <cstdlib>

#include "clickos/platform.hh"
#include "netfront/control_channel.hh"
#include "netfront/json_line.hh"

namespace clickos::netfront {

std::string default_switch_socket() {
    const char* env = std::getenv("CLICKOS_SWITCH_SOCKET");
    return env && *env ? env : "/run/clickos/switch.sock";
}

namespace {
bool finish(int sock, const std::string& reply, std::vector<int>& fds, bool expect_fds, AttachResult& out,
            std::string& error) {
    std::map<std::string, JsonValue> o;
    if (!parse_json_object(reply, o, error)) {
        error = "bad reply from the switch: " + error;
        for (int fd : fds) ::close(fd);
        return false;
    }
    if (!json_bool(o, "ok")) {
        error = json_string(o, "error", "the switch refused");
        for (int fd : fds) ::close(fd);
        return false;
    }
    if (expect_fds) {
        if (fds.size() != 5) {
            error = "the switch sent " + std::to_string(fds.size()) + " descriptors instead of 5";
            for (int fd : fds) ::close(fd);
            return false;
        }
        out.fds = PortFds{fds[0], fds[1], fds[2], fds[3], fds[4]};
    }
    out.port_id = int(json_int(o, "port").value_or(-1));
    out.lifeline = sock;
    return true;
}
}  // namespace

bool attach_port(const AttachRequest& req, AttachResult& out, std::string& error) {
    int sock = platform::connect_unix(req.socket_path, error);
    if (sock < 0) {
        error = "cannot reach the switch at " + error;
        return false;
    }
    std::string line =
        "{\"op\":\"attach\",\"switch\":" + json_quote(req.switch_name) + ",\"slots\":" + std::to_string(req.slots) +
        ",\"frame\":" + std::to_string(req.frame_size) + ",\"name\":" + json_quote(req.name) +
        (req.mac.empty() ? "" : ",\"mac\":" + json_quote(req.mac)) + (req.busy ? ",\"busy\":true" : "") + "}";
    std::string reply;
    std::vector<int> fds;
    if (!request(sock, line, {}, reply, fds, error) || !finish(sock, reply, fds, true, out, error)) {
        ::close(sock);
        return false;
    }
    return true;
}

bool reattach_port(const std::string& socket_path, const std::string& switch_name, const PortFds& fds,
                   AttachResult& out, std::string& error, bool busy) {
    int sock = platform::connect_unix(socket_path, error);
    if (sock < 0) return false;
    std::string line =
        "{\"op\":\"reattach\",\"switch\":" + json_quote(switch_name) + (busy ? ",\"busy\":true" : "") + "}";
    std::string reply;
    std::vector<int> got;
    if (!request(sock, line, {fds.mem, fds.rx_data, fds.rx_space, fds.tx_data, fds.tx_space}, reply, got, error) ||
        !finish(sock, reply, got, false, out, error)) {
        ::close(sock);
        return false;
    }
    out.fds = fds;
    return true;
}

}  // namespace clickos::netfront
