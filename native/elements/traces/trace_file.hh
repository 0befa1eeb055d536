// Buffered sequential access to trace files through the platform layer: what FromDump,
// ToDump and the IP summary dump elements read and write. "-" names the standard input
// (reading) or the standard output (writing).
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace clickos::traces {

class TraceReader {
  public:
    TraceReader() = default;
    ~TraceReader() { close(); }
    TraceReader(const TraceReader&) = delete;
    TraceReader& operator=(const TraceReader&) = delete;

    bool open(const std::string& filename, std::string& error);
    void close();
    bool is_open() const { return fd_ >= 0; }

    // Copies up to n bytes; returns how many (fewer only at the end of the file or on a
    // read error, see failed()).
    size_t read(void* dst, size_t n);
    // Skips up to n bytes; returns how many.
    size_t skip(size_t n);
    // The next line without its '\n' (and '\r'); false at the end of the file. A last line
    // without a newline still counts.
    bool read_line(std::string& line);
    // Bytes consumed so far.
    uint64_t position() const { return position_; }
    bool failed() const { return failed_; }

  private:
    bool fill();  // false at end of file or on error
    int fd_ = -1;
    bool own_fd_ = false;
    bool failed_ = false;
    std::vector<uint8_t> buffer_;
    size_t head_ = 0, tail_ = 0;
    uint64_t position_ = 0;
};

class TraceWriter {
  public:
    TraceWriter() = default;
    ~TraceWriter() { close(); }
    TraceWriter(const TraceWriter&) = delete;
    TraceWriter& operator=(const TraceWriter&) = delete;

    // `unbuffered`: every write goes to the file at once.
    bool open(const std::string& filename, bool unbuffered, std::string& error);
    void write(const void* data, size_t n) {
        if (n <= buffer_.size() - used_ && !unbuffered_) {
            std::copy(static_cast<const uint8_t*>(data), static_cast<const uint8_t*>(data) + n, buffer_.data() + used_);
            used_ += n;
        } else
            write_slow(data, n);
    }
    void write(const std::string& s) { write(s.data(), s.size()); }
    // Sends buffered bytes to the file; false if a write failed (now or earlier).
    bool flush();
    void close();
    bool is_open() const { return fd_ >= 0 || stdout_; }
    bool failed() const { return failed_; }
    uint64_t bytes_written() const { return written_ + used_; }

  private:
    void write_slow(const void* data, size_t n);
    bool emit(const void* data, size_t n);
    int fd_ = -1;
    bool stdout_ = false;
    bool unbuffered_ = false;
    bool failed_ = false;
    std::vector<uint8_t> buffer_;
    size_t used_ = 0;
    uint64_t written_ = 0;
};

}  // namespace clickos::traces
