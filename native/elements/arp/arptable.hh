/**
 * @element ARPTable
 * @synopsis ARPTable([KEYWORDS])
 * @category ARP
 * @summary keeps IP-to-Ethernet address mappings
 * @ports no inputs / no outputs
 *
 * An information element holding a table of IP address to Ethernet address mappings with
 * ARPQuerier's limits and ageing: entries expire TIMEOUT after they were last updated
 * (a timer removes them), the oldest entries go when ENTRY_CAPACITY is reached, and at most
 * CAPACITY packets wait for addresses in all. ARPQueriers whose TABLE names this element
 * keep their entries and waiting packets here, so they share what any of them learns;
 * entries also come from the insert handler (packets waiting for that address are then
 * dropped: insert through an ARPQuerier's handler to send them). On hot-swap the new table
 * takes the old one's entries.
 *
 * @arg CAPACITY unsigned: most packets waiting for addresses, in all (default 2048; 0 for no limit)
 * @arg ENTRY_CAPACITY unsigned: most entries (default 0, no limit); the oldest go first
 * @arg TIMEOUT time: lifetime of an entry after its last insert (default 5 minutes; 0 for ever)
 * @handler table read: one line per entry: "IP VALID ETH AGE" (VALID is 1 or 0, AGE in seconds since the last update)
 * @handler drops read: packets dropped because of timeouts or limits
 * @handler count read: entries in the table
 * @handler insert write: records "IP ETH"
 * @handler delete write: removes the entry for an IP address
 * @handler clear write: removes every entry
 * @see ARPQuerier, ARPResponder
 */
#pragma once
#include "arp_cache.hh"
#include "clickos/element.hh"
#include "clickos/timer.hh"

namespace clickos {

class ARPTable : public Element {
  public:
    ARPTable() : expire_timer_(this) {}
    const char* class_name() const override { return "ARPTable"; }
    const char* port_count() const override { return "0/0"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage) override;
    void add_handlers() override;
    void take_state(Element* old, ErrorHandler* errh) override;
    void run_timer(Timer*) override;

    ArpCache& cache() { return cache_; }

  private:
    void arm_timer();
    ArpCache cache_;
    Timer expire_timer_;
};

}  // namespace clickos
