/**
 * @element ARPQuerier
 * @synopsis ARPQuerier(IP, ETH [, KEYWORDS])
 * @category ARP
 * @summary encapsulates IP packets in Ethernet headers found with ARP
 * @ports 2 inputs / 1 or 2 outputs, push
 *
 * Does the sending half of ARP for a host whose IP address is IP and Ethernet address is
 * ETH. IP packets arrive on input 0 with their destination IP address annotation set. If
 * the Ethernet address for that destination is known, the packet gets an Ethernet header
 * (to that address, from ETH, type 0x0800) and leaves on output 0. Otherwise the packet
 * waits and an ARP request for the destination is broadcast; when the reply arrives on
 * input 1 (a whole Ethernet frame), the address is recorded and the waiting packets are
 * sent. Queries leave on output 1 when there are two outputs, else on output 0. At most
 * ten queries a second go out for any one address.
 *
 * Packets for 0.0.0.0 are dropped. Packets for 255.255.255.255 or the BROADCAST address go
 * to ff:ff:ff:ff:ff:ff, and multicast packets to 01:00:5e plus the low 23 bits of the
 * group address (RFC 1112), without asking. Entries expire TIMEOUT after their last reply;
 * once an entry is POLL_TIMEOUT old, the next packet sent with it also sends a poll (a
 * request to the known address, or broadcast with BROADCAST_POLL) to renew it before it
 * expires. Queries copy the VLAN TCI annotation of the packet that caused them. Expiry
 * runs on a timer that wakes only when the oldest entry is due.
 *
 * On hot-swap the new ARPQuerier takes the old one's table, waiting packets and counts (a
 * shared ARPTable carries its entries over itself).
 *
 * @arg IP IP address: this host's address; IP/MASK also sets the default BROADCAST
 * @arg ETH Ethernet address: this host's Ethernet address
 * @arg CAPACITY unsigned: most packets waiting at once, in all (default 2048; 0 for no limit)
 * @arg ENTRY_CAPACITY unsigned: most entries in the table (default 0, no limit); the oldest go first
 * @arg ENTRY_PACKET_CAPACITY unsigned: most packets waiting for one address (default 0, no limit)
 * @arg TIMEOUT time: lifetime of an entry after its last reply (default 5 minutes; 0 for ever)
 * @arg POLL_TIMEOUT time: age at which an entry in use is polled for renewal (default 1 minute; 0 never)
 * @arg BROADCAST IP address: the local broadcast address (default: from IP/MASK if given)
 * @arg BROADCAST_POLL boolean: send polls to the broadcast address (default false)
 * @arg TABLE element name: an ARPTable to keep the entries and waiting packets in, shared with
 *   other ARPQueriers naming it; its CAPACITY, ENTRY_CAPACITY and TIMEOUT then apply instead of
 *   these (default: a table of this element's own)
 * @handler table read: one line per entry: "IP VALID ETH AGE" (VALID is 1 or 0, AGE in seconds since the last reply)
 * @handler stats read: queries sent, responses received and packets dropped, one per line
 * @handler queries read: ARP queries and polls sent
 * @handler responses read: ARP replies received
 * @handler drops read: packets dropped (no address, limits, expiry, delete, clear)
 * @handler count read: entries in the table
 * @handler length read: packets waiting for an answer
 * @handler insert write: records "IP ETH" as if a reply had arrived (waiting packets are sent)
 * @handler delete write: removes the entry for an IP address, dropping its waiting packets
 * @handler clear write: removes every entry
 * @handler ipaddr read/write: IP
 * @handler broadcast read: the broadcast address in use
 * @see ARPResponder
 */
#pragma once
#include "arp_cache.hh"
#include "clickos/addresses.hh"
#include "clickos/args.hh"
#include "clickos/element.hh"
#include "clickos/timer.hh"

namespace clickos {

class ARPQuerier : public Element {
  public:
    ARPQuerier() : expire_timer_(this) {}
    const char* class_name() const override { return "ARPQuerier"; }
    const char* port_count() const override { return "2/1-2"; }
    const char* processing() const override { return "h/h"; }
    const char* flow_code() const override { return "xy/x"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage) override;
    void add_handlers() override;
    void take_state(Element* old, ErrorHandler* errh) override;
    void run_timer(Timer*) override;

    void push(int port, Packet* p) override;
    void push_batch(int port, PacketBatch& batch) override;

  private:
    // Where each kind of packet goes while a batch is handled.
    struct Out {
        PacketBatch ip;       // output 0
        PacketBatch queries;  // output 1 (or output 0, kept in order with `ip`)
    };
    void handle_ip(Packet* p, int64_t now, Out& out);
    void handle_reply(Packet* p, int64_t now, Out& out);
    void send(Out& out);
    // p with an Ethernet header to dst, or null (dropped) if no room could be made.
    Packet* encap(Packet* p, const uint8_t dst[6]);
    void query(uint32_t ip, const uint8_t* unicast_to, const Packet* cause, Out& out);
    void release(Packet* waiting, const EtherAddress& eth, Out& out);
    void arm_timer();
    int query_port() const { return noutputs() > 1 ? 1 : 0; }

    uint32_t my_ip_ = 0;      // network byte order
    uint32_t broadcast_ = 0;  // 0: none besides 255.255.255.255
    EtherAddress my_eth_;
    int64_t poll_timeout_ns_ = 60'000'000'000;
    bool broadcast_poll_ = false;
    ArpCache own_cache_;
    ArpCache* table_ = &own_cache_;  // own_cache_, or the TABLE element's
    Word table_name_;
    Timer expire_timer_;
    uint64_t queries_ = 0, responses_ = 0, drops_ = 0;
};

}  // namespace clickos
