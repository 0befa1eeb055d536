// Mirrors a port's frames to a pcap file or stream (classic libpcap savefile format, link
// type Ethernet), readable by tcpdump -r and tshark -r.
#pragma once
#include <cstdint>
#include <string>

namespace clickos::sw {

class Capture {
  public:
    // `path` is a file (created or truncated) or "fd:N" for an open descriptor (a pipe).
    static Capture* open(const std::string& path, uint32_t snaplen, std::string& error);
    ~Capture();
    void write(const uint8_t* data, uint32_t len);
    uint64_t frames() const { return frames_; }
    const std::string& path() const { return path_; }
    bool failed() const { return failed_; }

  private:
    Capture() = default;
    int fd_ = -1;
    bool own_fd_ = true;
    uint32_t snaplen_ = 65535;
    uint64_t frames_ = 0;
    bool failed_ = false;
    std::string path_;
};

}  // namespace clickos::sw
