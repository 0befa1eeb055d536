// The ControlSocket protocol (Click::ControlSocket/1.3) for one connection, without I/O: it
// takes what the client sent and appends the responses to send back, so the element only
// moves bytes and the protocol is tested on strings (control_send below sends them).
//
// Commands are lines ended by CR, LF or CRLF; responses are "CODE message" lines ended by
// CRLF ("CODE-message" for all but the last line of a multi-line response), and handler
// values follow a "DATA n" line.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace clickos {

class Router;

class ControlProtocol {
  public:
    static constexpr const char* greeting = "Click::ControlSocket/1.3\r\n";
    static constexpr size_t max_line = 65536;             // a longer command line is refused
    static constexpr size_t max_data = size_t(16) << 20;  // WRITEDATA and friends

    enum class Result {
        Done,      // a command was handled (or an empty line skipped)
        NeedMore,  // no complete command in the input yet
        Close,     // QUIT, or an error after which the input cannot be followed: close once sent
    };

    ControlProtocol(Router* router, bool read_only) : router_(router), read_only_(read_only) {}
    // The router whose handlers are called from now on (clickos-instance after a hot-swap).
    void set_router(Router* router) { router_ = router; }

    // Handles the command at `in[pos]`, moving `pos` past it (and past any data it took).
    // `eof`: the client will send nothing more, so a last unterminated line counts.
    Result next(const std::string& in, size_t& pos, bool eof, std::string& out);

  private:
    struct Word {
        size_t begin, end;  // in the line
    };
    struct Target;  // a resolved handler

    Result command(const std::string& line, const std::vector<Word>& words, const std::string& in, size_t& pos,
                   bool eof, std::string& out);
    bool resolve(const std::string& name, Target& t, std::string& out) const;
    void read(const std::string& name, const std::string& params, std::string& out);
    void write(const std::string& name, const std::string& data, std::string& out);
    void check(const std::string& name, bool writing, std::string& out);

    Router* router_;
    bool read_only_;
    bool skip_lf_ = false;  // the last line ended with a CR at the end of the input
};

// "CODE message\r\n" (control characters in the message made visible).
void control_message(std::string& out, int code, const std::string& message, bool more = false);

// Sends what `out` holds from `out_pos` on, as much as `fd` takes without blocking, moving
// `out_pos` past it; compacts `out` once all (or 1 MiB) is sent. False when sending failed (the
// connection is broken); would-block is not a failure. The one bit of I/O here: both servers of
// the protocol (the ControlSocket element, clickos-instance) send their responses the same way.
bool control_send(int fd, std::string& out, size_t& out_pos);

}  // namespace clickos
