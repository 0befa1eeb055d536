#include "trace_file.hh"

#include <algorithm>
#include <cstring>
#include <string_view>

#include "clickos/platform.hh"

namespace clickos::traces {

namespace {
constexpr size_t buffer_size = 64 * 1024;
constexpr int stdin_fd = 0;  // what "-" reads: the process's standard input
}  // namespace

bool TraceReader::open(const std::string& filename, std::string& error) {
    close();
    if (filename == "-") {
        fd_ = stdin_fd;
        own_fd_ = false;
    } else {
        fd_ = platform::open_file_read(filename, error);
        if (fd_ < 0) return false;
        own_fd_ = true;
    }
    buffer_.resize(buffer_size);
    head_ = tail_ = 0;
    position_ = 0;
    failed_ = false;
    return true;
}

void TraceReader::close() {
    if (fd_ >= 0 && own_fd_) platform::close_fd(fd_);
    fd_ = -1;
    own_fd_ = false;
}

bool TraceReader::fill() {
    if (fd_ < 0 || failed_) return false;
    if (head_ == tail_) head_ = tail_ = 0;
    if (tail_ == buffer_.size()) {
        std::memmove(buffer_.data(), buffer_.data() + head_, tail_ - head_);
        tail_ -= head_;
        head_ = 0;
    }
    long n = platform::read_fd(fd_, buffer_.data() + tail_, buffer_.size() - tail_);
    if (n < 0) failed_ = true;
    if (n <= 0) return false;
    tail_ += size_t(n);
    return true;
}

size_t TraceReader::read(void* dst, size_t n) {
    auto* out = static_cast<uint8_t*>(dst);
    size_t done = 0;
    while (done < n) {
        if (head_ == tail_ && !fill()) break;
        size_t k = std::min(n - done, tail_ - head_);
        std::memcpy(out + done, buffer_.data() + head_, k);
        head_ += k;
        done += k;
    }
    position_ += done;
    return done;
}

size_t TraceReader::skip(size_t n) {
    size_t done = 0;
    while (done < n) {
        if (head_ == tail_ && !fill()) break;
        size_t k = std::min(n - done, tail_ - head_);
        head_ += k;
        done += k;
    }
    position_ += done;
    return done;
}

bool TraceReader::read_line(std::string& line) {
    line.clear();
    bool any = false;
    for (;;) {
        if (head_ == tail_ && !fill()) break;
        any = true;
        const uint8_t* start = buffer_.data() + head_;
        const void* nl = std::memchr(start, '\n', tail_ - head_);
        size_t k = nl ? size_t(static_cast<const uint8_t*>(nl) - start) : tail_ - head_;
        line.append(reinterpret_cast<const char*>(start), k);
        head_ += k;
        position_ += k;
        if (nl) {
            ++head_;
            ++position_;
            break;
        }
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return any;
}

bool TraceWriter::open(const std::string& filename, bool unbuffered, std::string& error) {
    close();
    failed_ = false;
    written_ = 0;
    unbuffered_ = unbuffered;
    if (filename == "-")
        stdout_ = true;
    else {
        fd_ = platform::open_file_write(filename, false, error);
        if (fd_ < 0) return false;
    }
    buffer_.resize(unbuffered ? 0 : buffer_size);
    used_ = 0;
    return true;
}

bool TraceWriter::emit(const void* data, size_t n) {
    if (n == 0) return true;
    if (stdout_)
        platform::write_stdout(std::string_view(static_cast<const char*>(data), n));
    else if (fd_ < 0 || !platform::write_fd_all(fd_, data, n))
        failed_ = true;
    if (!failed_) written_ += n;
    return !failed_;
}

void TraceWriter::write_slow(const void* data, size_t n) {
    if (!flush()) return;
    if (n >= buffer_.size())
        emit(data, n);
    else {
        std::memcpy(buffer_.data(), data, n);
        used_ = n;
    }
}

bool TraceWriter::flush() {
    if (used_) {
        emit(buffer_.data(), used_);
        used_ = 0;
    }
    return !failed_;
}

void TraceWriter::close() {
    if (is_open()) flush();
    if (fd_ >= 0) platform::close_fd(fd_);
    fd_ = -1;
    stdout_ = false;
}

}  // namespace clickos::traces
