/**
 * @element ToDump
 * @synopsis ToDump(FILENAME [, KEYWORDS])
 * @category traces
 * @summary writes packets to a tcpdump (pcap) file
 * @ports 1 input / 0 or 1 output, agnostic
 *
 * Writes every packet it receives to FILENAME in the libpcap savefile format that
 * `tcpdump -r`, `tshark -r` and FromDump read, in this machine's byte order. Each record
 * holds the packet's timestamp annotation (the current time if the annotation is unset),
 * its first SNAPLEN bytes and its full length. FILENAME `-` writes to the standard output.
 * The file is created (or emptied) at initialization; writes are buffered and flushed at
 * cleanup, by the `flush` handler, or at once with UNBUFFERED.
 *
 * With an output, packets continue there after being written. Without one, on a pull
 * input, a task pulls packets as they come (it sleeps while the upstream notifier says
 * there are none).
 *
 * @arg FILENAME string: the file to write, or `-`
 * @arg SNAPLEN unsigned: bytes saved per packet; 0 saves whole packets (default 2000)
 * @arg ENCAP word: the packets' first header, stored as the file's link type: ETHER, IP,
 *   FDDI, ATM, 802_11, SLL, AIRONET, HDLC, PPP_HDLC, PPP, SUNATM, PRISM or NULL
 *   (default ETHER)
 * @arg USE_ENCAP_FROM string: names of elements (for example a FromDump) whose `encap`
 *   handlers give the encapsulation; they must agree. Not with ENCAP
 * @arg EXTRA_LENGTH boolean: accepted for compatibility; packets have no extra-length
 *   annotation, so the recorded length is the packet's length (default true)
 * @arg UNBUFFERED boolean: write each packet to the file at once (default false)
 * @arg NANO boolean: write nanosecond timestamps (magic 0xa1b23c4d) instead of
 *   microseconds (default false)
 * @handler count read: packets written
 * @handler reset_counts write: sets count to zero
 * @handler filename read: FILENAME
 * @handler flush write: sends buffered records to the file
 * @see FromDump, ToIPSummaryDump
 */
#pragma once
#include <string>
#include <vector>

#include "clickos/element.hh"
#include "clickos/notifier.hh"
#include "clickos/task.hh"
#include "pcap_format.hh"
#include "trace_file.hh"

namespace clickos {

class ToDump : public Element {
  public:
    ToDump() : task_(this) {}
    const char* class_name() const override { return "ToDump"; }
    const char* port_count() const override { return "1/0-1"; }
    // After the elements whose `encap` handlers USE_ENCAP_FROM reads.
    int configure_phase() const override { return CONFIGURE_PHASE_DEFAULT + 100; }
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
    Packet* pull(int) override {
        Packet* p = input(0).pull();
        if (p) write_packet(p);
        return p;
    }
    bool run_task(Task*) override;

  private:
    void write_packet(const Packet* p);

    std::string filename_;
    uint32_t snaplen_ = 2000;
    uint32_t linktype_ = traces::pcap::linktype::ether;
    std::vector<std::string> encap_from_;
    bool unbuffered_ = false;
    bool nano_ = false;
    uint64_t count_ = 0;
    traces::TraceWriter file_;
    Task task_;
    NotifierSignal signal_;
};

}  // namespace clickos
