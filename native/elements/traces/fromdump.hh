/**
 * @element FromDump
 * @synopsis FromDump(FILENAME [, KEYWORDS])
 * @category traces
 * @summary replays the packets of a tcpdump (pcap) file
 * @ports 0 inputs / 1 or 2 outputs; output 0 agnostic, output 1 push
 *
 * Reads the packets saved in FILENAME by `tcpdump -w`, ToDump or any libpcap writer and
 * emits them, each with its recorded timestamp. Both byte orders, microsecond and
 * nanosecond files and the "Kuznetsov" variant are read. FILENAME `-` reads the standard
 * input. The packet data is what was captured (at most the file's snap length); the
 * MAC header annotation is set, and the network header annotation too when the frame
 * holds an IPv4 header (Ethernet, Linux cooked, raw IP or NULL link types).
 *
 * A file that cannot be opened or has no valid pcap header fails at initialization. A
 * file that ends in the middle of a record, or whose record header is corrupt (capture
 * length above 262144 bytes), ends the trace there with a message on the standard error.
 *
 * In push mode a task emits up to 32 packets per run, as one batch; in pull mode each
 * pull returns the next packet. FromDump is an empty notifier, active while it is active
 * and has packets left.
 *
 * @arg FILENAME string: the file to read, or `-` for the standard input
 * @arg STOP boolean: ask the router to stop at the end of the trace (default false)
 * @arg TIMING boolean: keep the recorded gaps between packets; the first is emitted at
 *   once (default false)
 * @arg SAMPLE real: emit each packet with this probability, between 0 and 1 (default 1)
 * @arg FORCE_IP boolean: emit only packets with an IPv4 header; others go to output 1 if
 *   it exists, else are dropped (default false)
 * @arg START time: skip packets before this absolute time (seconds since 1970)
 * @arg START_AFTER duration: skip the packets of the first T seconds of the trace
 * @arg END time: end at the first packet at or after this absolute time
 * @arg END_AFTER duration: end at the first packet T seconds or more after the trace's first
 * @arg INTERVAL duration: end at the first packet T seconds or more after the first emitted
 * @arg END_CALL "HANDLER [VALUE]": write this handler at the end of the trace (default:
 *   set active to false); not with STOP
 * @arg ACTIVE boolean: whether to emit packets (default true)
 * @arg MMAP boolean: accepted for compatibility; the file is always read sequentially
 * @handler count read: packets emitted
 * @handler reset_counts write: sets count to zero
 * @handler active read/write: ACTIVE
 * @handler sampling_prob read: the sampling probability actually used
 * @handler encap read: the file's encapsulation (ETHER, IP, ...), for ToDump's USE_ENCAP_FROM
 * @handler filename read: FILENAME
 * @handler filepos read: bytes of the file read so far
 * @handler packet_filepos read: the file position of the last packet read
 * @handler extend_interval write: moves the end time later by the duration written and
 *   makes the element active again
 * @handler reset_timing write: with TIMING, restarts the pacing from the next packet
 * @see ToDump, FromIPSummaryDump
 */
#pragma once
#include <string>

#include "pcap_format.hh"
#include "trace_file.hh"
#include "trace_source.hh"

namespace clickos {

class FromDump : public traces::TraceSource {
  public:
    const char* class_name() const override { return "FromDump"; }
    const char* port_count() const override { return "0/1-2"; }
    const char* processing() const override { return "a/ah"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage stage) override;
    void add_handlers() override;

  private:
    Packet* read_next() override;
    int classify(Packet* p) override;
    Packet* read_record();
    bool in_window(Packet* p);  // false: before the start, skip it

    std::string filename_;
    bool force_ip_ = false;
    traces::TraceReader file_;
    traces::pcap::FileHeader header_;
    uint64_t packet_filepos_ = 0;
    Packet* held_ = nullptr;  // the packet that reached the end time, kept for extend_interval
    // Time window (nanoseconds since 1970; relative ones are fixed at the first packet).
    enum class Anchor { None, Absolute, FileStart, FirstOutput };
    Anchor start_kind_ = Anchor::None, end_kind_ = Anchor::None;
    Timestamp start_arg_, end_arg_;
    Timestamp start_time_, end_time_;
    bool have_start_ = false, have_end_ = false;
    bool saw_first_ = false, emitted_first_ = false;
};

}  // namespace clickos
