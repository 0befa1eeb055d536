/**
 * @element FromDevice
 * @synopsis FromDevice(DEVNAME [, PROMISC, SNAPLEN, SNIFFER, FORCE_IP, METHOD, PROTOCOL, OUTBOUND, HEADROOM, ENCAP,
 * BURST, TIMESTAMP, BPF_FILTER])
 * @category netdevices
 * @summary reads frames from a Linux network interface (AF_PACKET), or from a netfront port inside an instance
 * @ports 0 inputs / 1-2 outputs, push
 *
 * Two meanings, as in Click and ClickOS. Run by `clickos-run` (Click userlevel's meaning),
 * FromDevice reads the frames received on the Linux interface DEVNAME through an AF_PACKET
 * socket: the kernel writes them into a TPACKET_V2 ring shared with the process, and the
 * element copies each frame into a packet and pushes them out in batches of up to BURST.
 * It sleeps while the ring is empty (each frame is handed over as soon as it arrived).
 * Like Click's, it is a sniffer: the host's own stack still receives every frame, and
 * frames sent by the host on the interface are left out unless
 * OUTBOUND is true. Each packet gets its packet type annotation (host, broadcast, multicast,
 * other host, outgoing), its MAC header annotation and, unless TIMESTAMP is false, the
 * kernel's receive time. Needs root or CAP_NET_RAW.
 *
 * Inside an instance (the process was started with CLICKOS_NETFRONT_PORTS set by the host),
 * FromDevice(DEVID) is FromNetfront(DEVID) under ClickOS's name: same arguments, ports and
 * handlers as FromNetfront; the Linux-interface keywords below are not accepted there.
 *
 * Not available over AF_PACKET, and refused with a message: SNIFFER false (Click installs
 * firewall rules through KernelFilter for it), BPF_FILTER (no pcap filter compiler: filter
 * with Classifier or IPFilter after FromDevice), METHOD PCAP or NETMAP, and ENCAP other than
 * ETHER. The frame's length beyond SNAPLEN is not recorded (there is no extra-length
 * annotation).
 *
 * @arg DEVNAME string: the interface to read, e.g. eth0 (inside an instance: the DEVID)
 * @arg PROMISC boolean: put the interface in promiscuous mode while running (default false)
 * @arg SNAPLEN integer: longest frame kept, from 14 to 65535; longer frames are truncated (default 2046)
 * @arg SNIFFER boolean: must be true, the default (see above)
 * @arg FORCE_IP boolean: output 0 gets only IPv4 frames, with their IP header annotation set; the others
 * go to output 1 if it exists, else are dropped (default false)
 * @arg METHOD word: LINUX (AF_PACKET), the only method (CAPTURE is the old name)
 * @arg PROTOCOL integer: receive only frames of this EtherType, e.g. 0x0806; 0 for all (default 0)
 * @arg OUTBOUND boolean: also emit the frames the host sends on the interface (default false)
 * @arg HEADROOM integer: bytes left free in front of each packet's data, up to 4096 (default 64)
 * @arg ENCAP word: ETHER, the only link type (default ETHER)
 * @arg BURST integer: frames per task run, 1 to 2048 (default 32; Click's is 1)
 * @arg TIMESTAMP boolean: set the timestamp annotation to the kernel's receive time (default true)
 * @arg BPF_FILTER string: must be empty (see above)
 * @handler count read: frames read from the interface
 * @handler kernel_drops read: frames the kernel dropped because the receive ring was full
 * @handler encap read: the link type, ETHER
 * @handler reset_counts write: resets count to zero
 * @see ToDevice, FromNetfront, Classifier
 */
#pragma once
#include <memory>
#include <string>

#include "clickos/element.hh"
#include "clickos/packet_socket.hh"
#include "clickos/task.hh"

namespace clickos {

class FromDevice : public Element {
  public:
    FromDevice() : task_(this) {}
    const char* class_name() const override { return "FromDevice"; }
    const char* port_count() const override { return "0/1-2"; }
    const char* processing() const override { return "h/h"; }
    // Before ToDevice, as in Click.
    int configure_phase() const override { return CONFIGURE_PHASE_PRIVILEGED - 1; }
    int configure(Args& args) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage) override;
    void add_handlers() override;
    void take_state(Element* old, ErrorHandler*) override;
    bool run_task(Task*) override;
    void selected(int fd, int mask) override;
    const std::string& ifname() const { return ifname_; }

  private:
    // Copies a received frame into a packet with its annotations; null when memory ran out.
    Packet* make_packet(const platform::ReceivedFrame& f) const;
    // FORCE_IP: whether p is an IPv4 frame; sets its network header annotation if so.
    static bool mark_ip(Packet* p);

    Task task_;
    std::unique_ptr<platform::PacketSocket> socket_;
    platform::PacketSocketOptions options_;
    std::string ifname_;
    uint32_t snaplen_ = 2046, headroom_ = Packet::default_headroom, burst_ = 32;
    bool force_ip_ = false, timestamp_ = true;
    uint64_t count_ = 0;
};

}  // namespace clickos
