// A TAP port: a new Linux interface whose frames go through the switch, so the host (or a
// network namespace the interface is moved into) talks to instances directly.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "port.hh"

namespace clickos::sw {

class TapPort : public Port {
  public:
    static std::unique_ptr<TapPort> open(const std::string& ifname, std::string& error);
    ~TapPort() override;
    const char* kind() const override { return "tap"; }
    uint32_t receive(Frame* frames, uint32_t max) override;
    void release_received(uint32_t) override {}
    bool more_or_sleep() override { return more_; }
    int wake_fd() const override { return fd_; }
    bool stage(const uint8_t* data, uint32_t len) override;
    void flush() override {}

  private:
    TapPort() = default;
    int fd_ = -1;
    bool more_ = false;
    std::vector<uint8_t> rx_buf_;
    static constexpr uint32_t frame_max = 9216, rx_batch = 32;
};

}  // namespace clickos::sw
