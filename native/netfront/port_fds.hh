// The descriptors of one port as the instance holds them.
#pragma once

namespace clickos::netfront {

struct PortFds {
    int mem = -1, rx_data = -1, rx_space = -1, tx_data = -1, tx_space = -1;
};

}  // namespace clickos::netfront
