// The instance side of the switch control protocol: ask a clickos-switch for a new port, or
// give a port back to a restarted switch. The connection stays open as the port's lifeline:
// when it closes, the switch frees the port (and the instance learns the switch is gone).
#pragma once
#include <cstdint>
#include <string>

#include "netfront/port_fds.hh"

namespace clickos::netfront {

struct AttachRequest {
    std::string socket_path;  // the switch's control socket
    std::string switch_name;  // "vale0"
    uint32_t slots = 256;
    uint32_t frame_size = 1518;
    std::string name;   // for listings, e.g. "fw1:0"
    std::string mac;    // if set, a static MAC table entry for this port
    bool busy = false;  // the switch polls the port without sleeping (docs/switch.md)
};

struct AttachResult {
    PortFds fds;
    int lifeline = -1;  // the control connection
    int port_id = -1;
};

bool attach_port(const AttachRequest& req, AttachResult& out, std::string& error);
// After a switch restart: hands the existing port memory and events to the new switch
// (`busy`: asks it to poll the port, as AttachRequest::busy).
bool reattach_port(const std::string& socket_path, const std::string& switch_name, const PortFds& fds,
                   AttachResult& out, std::string& error, bool busy = false);

// The default control socket: $CLICKOS_SWITCH_SOCKET, else /run/clickos/switch.sock.
std::string default_switch_socket();

}  // namespace clickos::netfront
