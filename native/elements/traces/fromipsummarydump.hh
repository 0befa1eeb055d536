/**
 * @element FromIPSummaryDump
 * @synopsis FromIPSummaryDump(FILENAME [, KEYWORDS])
 * @category traces
 * @summary builds IPv4 packets from the lines of an IP summary dump
 * @ports 0 inputs / 1 output, agnostic
 *
 * Reads a text file in the IP summary dump format that ToIPSummaryDump writes (one line
 * per packet, fields separated by spaces) and emits, for each line, an IPv4 packet with
 * the fields it gives: version 4, a 20-byte header with a correct checksum, TTL 100
 * unless `ip_ttl` says otherwise, protocol PROTO unless `ip_proto` says otherwise, then a
 * TCP (20 bytes), UDP or ICMP (8 bytes) header with the ports and TCP flags, and zero
 * bytes up to the IP length (`ip_len`, or the headers plus `payload_len`). The timestamp
 * annotation comes from `timestamp` (or `ts_sec` and `ts_usec`), and the network and
 * transport header annotations are set.
 *
 * The fields are named by the file's `!data` line, or by CONTENTS for files without one.
 * Fields ClickOS does not know are skipped (with one warning); missing trailing fields and
 * '-' leave the value unset (zero). Other `!` lines and lines starting with '#' are
 * ignored. A line with a malformed value is skipped, with a warning for the first. The
 * fields understood are timestamp, ts_sec, ts_usec, ip_src, ip_dst, ip_proto, sport, dport,
 * ip_len, ip_id, ip_ttl, tcp_flags, payload_len and count. Binary dumps are not read.
 *
 * @arg FILENAME string: the file to read, or `-` for the standard input
 * @arg STOP boolean: ask the router to stop at the end of the file (default false)
 * @arg TIMING boolean: keep the recorded gaps between packets (default false)
 * @arg SAMPLE real: emit each packet with this probability, between 0 and 1 (default 1)
 * @arg ACTIVE boolean: whether to emit packets (default true)
 * @arg END_CALL "HANDLER [VALUE]": write this handler at the end of the file (a ClickOS
 *   addition; default: set active to false); not with STOP
 * @arg CONTENTS string: the field names of files without a `!data` line (FIELDS is accepted too)
 * @arg PROTO byte: the IP protocol of lines without `ip_proto` (default 6, TCP)
 * @arg CHECKSUM boolean: also set correct TCP, UDP and ICMP checksums; the IP header
 *   checksum is always set (default false)
 * @arg MULTIPACKET boolean: emit `count` packets for each line (default false: one)
 * @arg ZERO boolean: accepted for compatibility; bytes the dump does not give are always zero
 * @arg ALLOW_NONEXISTENT boolean: a file that cannot be opened is an empty trace instead
 *   of an error (default false)
 * @handler count read: packets emitted
 * @handler reset_counts write: sets count to zero
 * @handler active read/write: ACTIVE
 * @handler sampling_prob read: the sampling probability actually used
 * @handler reset_timing write: with TIMING, restarts the pacing from the next packet
 * @handler encap read: "IP", for ToDump's USE_ENCAP_FROM
 * @handler filename read: FILENAME
 * @handler filepos read: bytes of the file read so far
 * @handler stop write: sets active to false and asks the router to stop
 * @see ToIPSummaryDump, FromDump
 */
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "ipsummary_fields.hh"
#include "trace_file.hh"
#include "trace_source.hh"

namespace clickos {

class FromIPSummaryDump : public traces::TraceSource {
  public:
    const char* class_name() const override { return "FromIPSummaryDump"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage stage) override;
    void add_handlers() override;

  private:
    Packet* read_next() override;
    Packet* parse_line();  // null if the line was skipped
    void bang_line();
    void warn_once(bool& warned, const std::string& message);

    std::string filename_;
    std::vector<traces::ipsum::Field> fields_;
    traces::ipsum::BuildOptions build_;
    bool multipacket_ = false;
    bool allow_nonexistent_ = false;
    traces::TraceReader file_;
    std::string line_;
    uint64_t line_number_ = 0;
    std::vector<std::string_view> words_;
    Packet* repeat_ = nullptr;  // MULTIPACKET: the packet to send again
    uint32_t repeat_left_ = 0;
    bool warned_unknown_ = false, warned_bad_ = false, warned_no_fields_ = false;
};

}  // namespace clickos
