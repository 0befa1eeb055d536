/**
 * @element ICMPPingSource
 * @synopsis ICMPPingSource(SRC, DST [, keywords INTERVAL, IDENTIFIER, LIMIT, DATA, ACTIVE, VERBOSE])
 * @category ICMP
 * @summary sends ICMP echo requests periodically and measures the replies
 * @ports 0 or 1 inputs / 1 output, input push, output agnostic
 *
 * Emits ICMP echo requests from SRC to DST: when its output is push, one every INTERVAL
 * (the first one right after start-up); when it is pull, one on every pull. Each request
 * is a 20-byte IP header (TTL 255, identification equal to the sequence number) and an
 * 8-byte echo header carrying IDENTIFIER and a sequence number that starts at 0 and grows
 * by one per request (wrapping after 65535), followed by DATA. Both checksums are set; the
 * packet's network header, destination address and timestamp annotations are set too.
 *
 * The optional input takes the replies. An ICMP echo reply (IP header at the network
 * header annotation, or at the data start) whose identifier is IDENTIFIER and whose
 * sequence number belongs to a request sent and not yet answered counts as received, and
 * its round-trip time is recorded; a second reply for the same request counts as a
 * duplicate. With VERBOSE, each reply is reported on standard error the way ping(1) does.
 * Other packets are ignored. Every packet on the input is consumed.
 *
 * @arg SRC IP address: source of the requests
 * @arg DST IP address: destination of the requests
 * @arg INTERVAL time: between two requests in push mode (default 1s)
 * @arg IDENTIFIER 16-bit unsigned: the ICMP identifier (default 0)
 * @arg LIMIT integer: requests to send before stopping; negative means no limit
 *   (default -1)
 * @arg DATA string: bytes after the echo header (default empty)
 * @arg ACTIVE boolean: whether requests are sent (default true)
 * @arg VERBOSE boolean: whether replies are reported (default true)
 * @handler active read/write: ACTIVE
 * @handler src read/write: SRC, for the next requests
 * @handler dst read/write: DST, for the next requests
 * @handler count read: requests sent
 * @handler limit read/write: LIMIT
 * @handler interval read/write: INTERVAL
 * @handler reset_counts write: zeroes the counters and statistics (and allows LIMIT more
 *   requests)
 * @handler summary read: requests sent, replies received and lost percentage, then
 *   minimum/average/maximum round-trip time in milliseconds (with an input only)
 * @handler rtt_min read: smallest round-trip time in milliseconds, 0 without replies (with
 *   an input only)
 * @handler rtt_max read: largest round-trip time in milliseconds (with an input only)
 * @handler rtt_avg read: average round-trip time in milliseconds (with an input only)
 *
 * ICMPSendPings, its former name, is accepted as an alias.
 *
 * @see ICMPPingResponder, ICMPIPEncap
 */
#pragma once
#include <memory>
#include <string>

#include "clickos/addresses.hh"
#include "clickos/element.hh"
#include "clickos/timer.hh"

namespace clickos {

class ICMPPingSource : public Element {
  public:
    ICMPPingSource() : timer_(this) {}
    const char* class_name() const override { return "ICMPPingSource"; }
    const char* port_count() const override { return "0-1/1"; }
    const char* processing() const override { return "h/a"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler* errh) override;
    void add_handlers() override;
    void run_timer(Timer*) override;
    void push(int, Packet* p) override;
    Packet* pull(int) override;

  private:
    // Round-trip bookkeeping, allocated only when there is an input for replies.
    struct Replies {
        Timestamp sent[65536];  // send time per sequence number; 0 once answered
        bool answered[65536];
        uint64_t received = 0, duplicates = 0;
        int64_t min_ns = 0, max_ns = 0;
        double sum_ns = 0;
    };

    Packet* make_request();
    bool limit_reached() const { return limit_ >= 0 && count_ >= uint64_t(limit_); }
    void restart();
    void reset_counts();
    void take_reply(const Packet* p);
    std::string summary() const;

    Timer timer_;
    IPAddress src_, dst_;
    Timestamp interval_ = Timestamp::from_sec(1);
    uint16_t identifier_ = 0;
    int64_t limit_ = -1;
    std::string data_;
    bool active_ = true;
    bool verbose_ = true;
    uint64_t count_ = 0;
    std::unique_ptr<Replies> replies_;
};

}  // namespace clickos
