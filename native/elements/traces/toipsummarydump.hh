/**
 * @element ToIPSummaryDump
 * @synopsis ToIPSummaryDump(FILENAME [, KEYWORDS])
 * @category traces
 * @summary writes a line of text per packet with its IP header fields
 * @ports 1 input / 0 or 1 output; input agnostic, output push
 *
 * Writes a summary of every packet to FILENAME (or the standard output for `-`), one line
 * per packet with the FIELDS separated by spaces, in the IP summary dump format that
 * FromIPSummaryDump reads back. A field that does not apply to a packet (ports of an ICMP
 * packet, anything IP for a non-IP packet) is written as '-'. The IPv4 header is found
 * through the packet's network header annotation, or else at the start of its data.
 *
 * The file starts with `!IPSummaryDump 1.3`, an optional `!creator "BANNER"` line, an
 * optional `!runtime` line (VERBOSE) and the `!data` line naming the fields. The fields
 * ClickOS writes are timestamp (SEC.USEC), ts_sec, ts_usec, ip_src, ip_dst, ip_proto
 * (T, U, I or a number), sport, dport, ip_len, ip_id, ip_ttl, tcp_flags (letters in the
 * order FSRPAUECN, '.' for none), payload_len and count (always 1).
 *
 * With an output, packets continue there. On a pull input a task pulls packets as they
 * come. Writes are buffered; they reach the file at cleanup or through `flush`.
 *
 * @arg FILENAME string: the file to write, or `-`
 * @arg FIELDS string: space-separated field names (default "ip_src ip_dst"); CONTENTS is
 *   accepted as the older name
 * @arg HEADER boolean: write the `!` header lines (default true)
 * @arg VERBOSE boolean: also write a `!runtime` line with the start time (default false)
 * @arg BANNER string: write it in a `!creator` line
 * @arg CAREFUL_TRUNC boolean: write `!bad truncated IP length` before the line of a packet
 *   with less data than its IP length says (default true)
 * @arg BINARY boolean: only false is accepted; ClickOS writes text dumps
 * @arg MULTIPACKET boolean: accepted for compatibility; each packet is one line
 * @arg EXTRA_LENGTH boolean: accepted for compatibility; packets have no extra-length
 *   annotation
 * @handler count read: packets written
 * @handler filename read: FILENAME
 * @handler flush write: sends buffered lines to the file
 * @see FromIPSummaryDump, ToDump
 */
#pragma once
#include <string>
#include <vector>

#include "clickos/element.hh"
#include "clickos/notifier.hh"
#include "clickos/task.hh"
#include "ipsummary_fields.hh"
#include "trace_file.hh"

namespace clickos {

class ToIPSummaryDump : public Element {
  public:
    ToIPSummaryDump() : task_(this) {}
    const char* class_name() const override { return "ToIPSummaryDump"; }
    const char* port_count() const override { return "1/0-1"; }
    const char* processing() const override { return "a/h"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage) override;
    void add_handlers() override;

    void push(int, Packet* p) override {
        write_packet(p);
        if (noutputs())
            output(0).push(p);
        else
            p->kill();
    }
    void push_batch(int, PacketBatch& batch) override;
    bool run_task(Task*) override;

  private:
    void write_packet(const Packet* p);

    std::string filename_;
    std::vector<traces::ipsum::Field> fields_;
    bool header_ = true;
    bool verbose_ = false;
    bool careful_trunc_ = true;
    std::string banner_;
    bool have_banner_ = false;
    uint64_t count_ = 0;
    std::string line_;  // reused for every packet
    traces::TraceWriter file_;
    Task task_;
    NotifierSignal signal_;
};

}  // namespace clickos
