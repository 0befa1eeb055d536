/**
 * @element AggregateCounter
 * @synopsis AggregateCounter([KEYWORDS])
 * @category aggregates
 * @summary counts packets or bytes per aggregate annotation
 * @ports 1 or 2 inputs / 1 or 2 outputs, agnostic
 *
 * Keeps a count for each value of the aggregate annotation (a 32-bit number in host byte
 * order, as AggregateIPFlows and AggregateIP set it): packets, or bytes with BYTES. The
 * `write_text_file`, `write_ip_file` and `write_file` handlers save the counts.
 *
 * A frozen AggregateCounter only adds to counts it has already; packets of aggregates it has
 * not seen are not counted. The `freeze` handler and AGGREGATE_FREEZE and COUNT_FREEZE freeze
 * it. The second input, if any, is always frozen. An inactive AggregateCounter counts nothing.
 * With two outputs, in push, counted packets leave on output 0 and the others on output 1;
 * with one, every packet leaves on output 0.
 *
 * The files start with the line `!IPAggregate 1.0`, the BANNER (if any) and
 * `!num_nonzero N`; then `write_text_file` writes a line "AGGREGATE COUNT" per non-zero
 * count in increasing aggregate order, `write_ip_file` a line `!ip` and then the aggregates
 * as IP addresses, and `write_file` a line `!packed_le` (or `!packed_be`, this machine's byte
 * order) and then 8-byte records: the aggregate and the count, 32-bit each in that order.
 * The file name `-` means the standard output.
 *
 * Differences from Click: ClickOS packets carry no packet-count or extra-length annotation,
 * so MULTIPACKET and EXTRA_LENGTH are accepted and have no effect.
 *
 * @arg BYTES boolean: count bytes, not packets (default false)
 * @arg IP_BYTES boolean: with BYTES, count from the IP header on, not the link header (default false)
 * @arg MULTIPACKET boolean: accepted for compatibility (default true)
 * @arg EXTRA_LENGTH boolean: accepted for compatibility (default true)
 * @arg AGGREGATE_STOP unsigned: stop the router once this many aggregates have non-zero counts
 * @arg AGGREGATE_FREEZE unsigned: freeze once this many aggregates have non-zero counts
 * @arg AGGREGATE_CALL "N HANDLER [VALUE]": write HANDLER once N aggregates have non-zero counts
 * @arg COUNT_STOP unsigned: stop the router once the total count reaches this
 * @arg COUNT_FREEZE unsigned: freeze once the total count reaches this
 * @arg COUNT_CALL "N HANDLER [VALUE]": write HANDLER once the total count reaches N
 * @arg BANNER string: text written after the first line of the files (default empty)
 * @handler write_text_file write: saves the counts as text to the file named (or `-`)
 * @handler write_ip_file write: the same with aggregates printed as IP addresses
 * @handler write_file write: saves the counts as packed binary records
 * @handler freeze read/write: whether new aggregates are ignored
 * @handler active read/write: whether packets are counted
 * @handler stop write: sets active to false and stops the router
 * @handler counts_pdf write: replaces the counts by their distribution: each former count
 *   becomes an aggregate whose count is how many aggregates had it
 * @handler clear write: forgets every count
 * @handler banner read/write: BANNER
 * @handler aggregate_call read/write: AGGREGATE_CALL ("N HANDLER [VALUE]"; empty for none)
 * @handler count_call read/write: COUNT_CALL
 * @handler nagg read: aggregates with non-zero counts
 * @see AggregateIPFlows, AggregateIP, TimeFilter
 */
#pragma once
#include <cstdint>
#include <string>

#include "clickos/element.hh"
#include "flat_map.hh"

namespace clickos {

class AggregateCounter : public Element {
  public:
    const char* class_name() const override { return "AggregateCounter"; }
    const char* port_count() const override { return "1-2/1-2"; }
    int configure(Args& args) override;
    void add_handlers() override;
    void push(int port, Packet* p) override;
    Packet* pull(int port) override;

  private:
    struct U32Hash {
        size_t operator()(uint32_t k) const { return size_t(analysis::mix64(k)); }
    };
    // A threshold action: when `limit` is reached, stop, freeze or write a handler.
    struct Trigger {
        enum class Kind { none, stop, freeze, call } kind = Kind::none;
        uint64_t limit = 0;
        std::string call;  // HANDLER [VALUE]
        bool fired = false;
        std::string describe() const;
    };
    bool count(Packet* p, bool frozen);
    void fire(Trigger& t);
    int write_counts(const std::string& filename, int format, ErrorHandler* errh) const;
    static int parse_call(const std::string& text, Trigger& t, std::string& why);

    analysis::FlatMap<uint32_t, uint32_t, U32Hash> counts_;
    uint32_t nonzero_ = 0;
    uint64_t total_ = 0;
    bool bytes_ = false, ip_bytes_ = false;
    bool frozen_ = false, active_ = true;
    Trigger aggregate_trigger_, count_trigger_;
    std::string banner_;
};

}  // namespace clickos
