/**
 * @element ToDevice
 * @synopsis ToDevice(DEVNAME [, BURST, METHOD, QUIET, DEBUG])
 * @category netdevices
 * @summary sends frames out of a Linux network interface (AF_PACKET), or to a netfront port inside an instance
 * @ports 1 input / 0-2 outputs, input agnostic, outputs push
 *
 * Two meanings, as in Click and ClickOS. Run by `clickos-run` (Click userlevel's meaning),
 * ToDevice sends each packet as a complete Ethernet frame out of the Linux interface DEVNAME
 * through an AF_PACKET socket, up to BURST frames with one system call. Packets must carry
 * their link-level header already (ARP and encapsulation happen upstream). In pull mode the
 * task pulls while its upstream has packets and sleeps when it is empty; when the kernel's
 * queue is full it keeps the frames it pulled, waits until the socket is writable (backing
 * off from 1 to 256 us if that does not help) and sends them then. Pushed packets are sent
 * at once. Frames sent go to output 0 if it exists; frames the kernel refused (an error, or
 * in push mode a full queue) go to output 1 if it exists, else are dropped and counted.
 * FromDevice with OUTBOUND true on the same interface sees the frames ToDevice sends. Needs
 * root or CAP_NET_RAW.
 *
 * Inside an instance (the process was started with CLICKOS_NETFRONT_PORTS set by the host),
 * ToDevice(DEVID) is ToNetfront(DEVID) under ClickOS's name: same arguments, ports and
 * handlers as ToNetfront.
 *
 * @arg DEVNAME string: the interface to send on, e.g. eth0 (inside an instance: the DEVID)
 * @arg BURST integer: frames per task run and per system call, 1 to 1024 (default 32; Click's is 1)
 * @arg METHOD word: LINUX (AF_PACKET), the only method
 * @arg QUIET boolean: do not print send errors (default false)
 * @arg DEBUG boolean: print a line when sending backs off (default false)
 * @handler count read: frames sent
 * @handler drops read: frames not sent (refused by the kernel)
 * @handler pulls read: pulls from upstream (pull mode)
 * @handler signal read: whether the upstream notifier says packets may be waiting
 * @handler q read: whether pulled frames wait for room in the kernel's queue
 * @handler debug read/write: DEBUG
 * @handler reset_counts write: resets count, drops and pulls
 * @see FromDevice, ToNetfront, Queue
 */
#pragma once
#include <memory>
#include <string>

#include "clickos/element.hh"
#include "clickos/notifier.hh"
#include "clickos/packet_socket.hh"
#include "clickos/task.hh"
#include "clickos/timer.hh"

namespace clickos {

class ToDevice : public Element {
  public:
    ToDevice() : task_(this), timer_(this) {}
    const char* class_name() const override { return "ToDevice"; }
    const char* port_count() const override { return "1/0-2"; }
    const char* processing() const override { return "a/h"; }
    int configure_phase() const override { return CONFIGURE_PHASE_PRIVILEGED; }
    int configure(Args& args) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage) override;
    void add_handlers() override;
    void take_state(Element* old, ErrorHandler*) override;
    void push(int, Packet* p) override;
    void push_batch(int, PacketBatch& batch) override;
    bool run_task(Task*) override;
    void run_timer(Timer*) override;
    void selected(int fd, int mask) override;
    const std::string& ifname() const { return ifname_; }

  private:
    // Sends the batch's packets in order until the kernel's queue is full; sent ones go to
    // output 0, refused ones to output 1. Returns how many were sent; what stays in `batch`
    // found the queue full.
    uint32_t send(PacketBatch& batch);
    void refused(Packet* p, const std::string& why);
    // The queue was full with frames held (pull mode): wait for room.
    void wait_for_room();

    Task task_;
    Timer timer_;
    NotifierSignal signal_;
    std::unique_ptr<platform::PacketSocket> socket_;
    std::string ifname_;
    uint32_t burst_ = 32;
    bool quiet_ = false, debug_ = false;
    PacketBatch held_;  // pulled, waiting for room
    bool watching_write_ = false;
    uint32_t backoff_us_ = 0;
    uint64_t count_ = 0, drops_ = 0, pulls_ = 0, errors_printed_ = 0;
};

}  // namespace clickos
