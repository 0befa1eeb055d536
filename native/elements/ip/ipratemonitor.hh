/**
 * @element IPRateMonitor
 * @synopsis IPRateMonitor(TYPE, RATIO, THRESH [, MEMORY, ANNO])
 * @category IP measurement
 * @summary measures traffic rates to and from address prefixes, zooming in on busy ones
 * @ports 1 or 2 inputs / as many outputs, agnostic
 *
 * Keeps forward and reverse traffic rates for IPv4 address prefixes. Packets on input 0
 * count toward their source address's forward rate, packets on input 1 toward their
 * destination address's reverse rate; each leaves on the output with its input's number.
 * Rates start at the first byte of the address (the /8 prefixes); when a prefix's forward
 * or reverse rate reaches THRESH per second, its next byte gets rates of its own (the /16s
 * inside it, then /24s, then single hosts), seeded with the parent's rates. Once a second,
 * prefixes whose rates both fell below THRESH fold back into their parent.
 *
 * TYPE is PACKETS or BYTES (the IP total length). Rates are moving averages (weight 1/32 per
 * tenth of a second, about a three-second memory) in units per second. RATIO is the chance
 * that a packet is counted; counted packets weigh 1/RATIO, so rates and THRESH mean the
 * same whatever the ratio. MEMORY limits the tables, in kilobytes (at least 100; 0 means no
 * limit): a prefix is not expanded when its table would not fit. With ANNO, each packet's
 * FWD_RATE and REV_RATE annotations (4 bytes each, host byte order, whole units per second)
 * are set to the rates of the most specific prefix holding its address.
 *
 * The IP header is found at the network header annotation, or at the data start when it
 * is unset; packets without a readable IPv4 header pass uncounted.
 *
 * @arg TYPE word: PACKETS or BYTES
 * @arg RATIO real: chance that a packet is counted, above 0 and at most 1
 * @arg THRESH unsigned: rate per second at which a prefix is split
 * @arg MEMORY unsigned: memory limit in kilobytes, 0 for none (default 0)
 * @arg ANNO boolean: set the rate annotations (default true)
 * @handler look read: the time since the last reset in hundredths of a second, then one line per prefix with traffic:
 * tabs by depth, the prefix (18, 18.26, ...), its forward and its reverse rate, tab-separated
 * @handler thresh read: THRESH
 * @handler mem read: bytes used by the tables
 * @handler memmax read/write: the memory limit in kilobytes (0 for none; at least 100); lowering it folds the slowest
 * prefixes
 * @handler reset write: forgets every rate
 * @handler anno_level write: "ADDR LEVEL SECONDS": for SECONDS, the prefix of ADDR at LEVEL (0 for the first byte to 3
 * for the host) is not split, and what it had below is folded
 * @see AverageCounter, IPFilter
 */
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "clickos/element.hh"
#include "ip/rate_ewma.hh"

namespace clickos {

class IPRateMonitor : public Element {
  public:
    const char* class_name() const override { return "IPRateMonitor"; }
    const char* port_count() const override { return "1-2/="; }
    const char* processing() const override { return "a/a"; }
    const char* flow_code() const override { return "#/#"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler* errh) override;
    void add_handlers() override;

    void push(int port, Packet* p) override;
    Packet* pull(int port) override;
    void push_batch(int port, PacketBatch& batch) override;
    PacketBatch pull_batch(int port, unsigned max) override;

  private:
    static constexpr int fanout = 256;
    struct Counter {
        RateEWMA rates;
        int32_t child = -1;           // table of the next byte, or -1
        uint64_t no_split_until = 0;  // epoch (anno_level)
        bool used = false;
    };
    struct Table {
        Counter counters[fanout];
        int32_t parent_table = -1;
        uint8_t parent_index = 0;
    };

    void count(Packet* p, bool forward, uint64_t epoch);
    int32_t new_table(int32_t parent, uint8_t index);
    void free_table(int32_t t);
    void fold(double threshold, uint64_t epoch);
    void fold_to_limit(uint64_t epoch);
    void reset();
    size_t table_bytes() const { return sizeof(Table); }
    size_t memory() const { return live_tables_ * table_bytes(); }
    bool room_for_table() const { return memmax_ == 0 || memory() + table_bytes() <= memmax_; }
    void print(int32_t t, int depth, const std::string& prefix, uint64_t epoch, std::string& out) const;
    bool sampled();

    bool bytes_ = false;
    double ratio_ = 1;
    uint32_t thresh_ = 0;
    size_t memmax_ = 0;  // bytes; 0 for no limit
    bool anno_ = true;

    std::vector<std::unique_ptr<Table>> tables_;  // index 0 is the first byte's table
    std::vector<int32_t> free_tables_;
    size_t live_tables_ = 0;
    uint64_t last_fold_epoch_ = 0;
    int64_t reset_ns_ = 0;
    uint64_t random_state_ = 0x9e3779b97f4a7c15ull;
};

}  // namespace clickos
