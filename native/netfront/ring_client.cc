#include "ring_client.hh"

#include <unistd.h>

#include "clickos/platform.hh"

namespace clickos::netfront {

bool RingClient::open(const AttachRequest& req, std::string& error) {
    if (!attach_port(req, r_, error)) return false;
    mem_ = PortMemory::attach(dup(r_.fds.mem), error);
    if (!mem_) return false;
    tx_ = RingProducer(mem_->tx(), mem_->nslots(), r_.fds.tx_data);
    rx_ = RingConsumer(mem_->rx(), mem_->nslots(), r_.fds.rx_space);
    return true;
}

RingClient::~RingClient() {
    for (int fd : {r_.fds.mem, r_.fds.rx_data, r_.fds.rx_space, r_.fds.tx_data, r_.fds.tx_space, r_.lifeline})
        platform::close_fd(fd);
}

bool RingClient::wait_tx(bool busy, int64_t timeout_ns) {
    int64_t deadline = platform::monotonic_ns() + timeout_ns;
    while (tx_.space(1) == 0) {
        if (platform::monotonic_ns() > deadline) return false;
        if (busy) continue;
        if (tx_.prepare_wait()) {
            platform::wait_readable(r_.fds.tx_space, std::min<int64_t>(timeout_ns, 100'000'000));
            platform::consume_event(r_.fds.tx_space);
        }
    }
    return true;
}

bool RingClient::wait_rx(bool busy, int64_t timeout_ns) {
    int64_t deadline = platform::monotonic_ns() + timeout_ns;
    while (rx_.available(1) == 0) {
        if (platform::monotonic_ns() > deadline) return false;
        if (busy) continue;
        if (rx_.prepare_sleep()) {
            platform::wait_readable(r_.fds.rx_data, std::min<int64_t>(timeout_ns, 100'000'000));
            platform::consume_event(r_.fds.rx_data);
        }
    }
    return true;
}

}  // namespace clickos::netfront
