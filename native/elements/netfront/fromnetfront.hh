/**
 * @element FromNetfront
 * @synopsis FromNetfront(DEVID [, BURST, ACTIVE, SWITCH, SOCKET, SLOTS, FRAME, MAC, SWITCH_BUSY])
 * @category netfront
 * @summary receives frames from a switch port's shared-memory ring
 * @ports 0 inputs / 1 output, push
 *
 * Takes frames the switch put in port DEVID's receive ring and pushes them out in batches.
 * Frames are handed to the graph without copying: the element swaps one of the port's
 * spare buffers into the ring slot and the packet keeps the frame's buffer until it dies
 * (when no spare is left, it copies instead, so the ring keeps moving). When the ring is
 * empty the element sleeps until the switch kicks it. Inside an instance, FromDevice is
 * this element too (ClickOS's meaning). On hot-swap the port stays attached: frames waiting
 * in the ring are taken by the new FromNetfront, which continues the old one's counts.
 *
 * @arg DEVID integer: the port number given to the instance by the host
 * @arg SWITCH string: attach port DEVID to this switch through its control socket instead
 * (standalone use: clickos-run); a restarted switch gets the port back automatically
 * @arg SOCKET string: the switch's control socket (default $CLICKOS_SWITCH_SOCKET or
 * /run/clickos/switch.sock)
 * @arg SLOTS integer: with SWITCH, ring size, a power of two from 64 to 2048 (default 256)
 * @arg FRAME integer: with SWITCH, largest frame in bytes (default 1518; up to 9216)
 * @arg MAC Ethernet address: with SWITCH, a static switch table entry for this port
 * @arg SWITCH_BUSY boolean: with SWITCH, ask the switch to busy-poll the port (its latency
 * mode: no wake-up per burst, a switch core spinning; see docs/switch.md) (default false)
 * @arg BURST integer: frames per task run (default 32)
 * @arg ACTIVE boolean: whether to receive (default true)
 * @handler count read: frames received
 * @handler copies read: frames copied because no spare buffer was free
 * @handler bad_slots read: ring slots skipped for a bad buffer index or length
 * @handler active read/write: ACTIVE
 * @see ToNetfront
 */
#pragma once
#include <memory>

#include "clickos/element.hh"
#include "clickos/task.hh"
#include "netfront/attachment.hh"
#include "switch_link.hh"

namespace clickos {

class FromNetfront : public Element {
  public:
    FromNetfront() : task_(this) {}
    const char* class_name() const override { return "FromNetfront"; }
    const char* port_count() const override { return "0/1"; }
    const char* processing() const override { return "h/h"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage) override;
    void add_handlers() override;
    void take_state(Element* old, ErrorHandler*) override;
    bool run_task(Task*) override;
    void selected(int fd, int mask) override;

  private:
    Task task_;
    SwitchLink link_{this};
    std::shared_ptr<netfront::Attachment> port_;
    uint32_t burst_ = 32;
    bool active_ = true;
    uint64_t count_ = 0, copies_ = 0, bad_ = 0;
};

}  // namespace clickos
