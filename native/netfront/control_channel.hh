// Lines of text over a unix stream socket, with file descriptors passed alongside
// (SCM_RIGHTS): the transport of the switch control protocol.
#pragma once
#include <string>
#include <vector>

namespace clickos::netfront {

// Sends `line` plus '\n', attaching `fds` to the first byte. Blocking.
bool send_line(int sock, const std::string& line, const std::vector<int>& fds, std::string& error);

// Accumulates bytes and descriptors from a socket and splits them into lines.
class LineReader {
  public:
    static constexpr size_t max_line = 1 << 20;
    // Reads what is available (blocking sockets: at least one read). Returns false on end of
    // stream or error (error empty at a clean end).
    bool fill(int sock, std::string& error);
    // The next complete line and the descriptors received before it ends.
    bool next(std::string& line, std::vector<int>& fds);
    bool too_long() const { return buffer_.size() > max_line; }
    ~LineReader();

  private:
    std::string buffer_;
    std::vector<int> fds_;
};

// Sends one request line and waits for the reply line (blocking), with descriptors both ways.
bool request(int sock, const std::string& line, const std::vector<int>& send_fds, std::string& reply,
             std::vector<int>& reply_fds, std::string& error);

}  // namespace clickos::netfront
