/**
 * @element ToNetfront
 * @synopsis ToNetfront(DEVID [, BURST, SWITCH, SOCKET, SLOTS, FRAME, MAC, SWITCH_BUSY])
 * @category netfront
 * @summary sends frames to a switch port's shared-memory ring
 * @ports 1 input / 0 outputs, agnostic
 *
 * Puts frames in port DEVID's transmit ring for the switch. A frame that arrived through the
 * same port and was not shared is handed over without copying (its buffer goes into the
 * slot and the slot's buffer becomes a spare); other frames are copied into the slot's
 * buffer. In push mode, frames that find the ring full are dropped; in pull mode the task
 * pulls only while the ring has room and sleeps until the switch frees slots. Inside an
 * instance, ToDevice is this element too. On hot-swap the new ToNetfront continues the old
 * one's counts on the same port.
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
 * @arg BURST integer: in pull mode, frames per task run (default 32)
 * @handler count read: frames sent
 * @handler drops read: frames dropped (ring full, or larger than the port's frame size)
 * @handler zero_copy read: frames sent without copying
 * @see FromNetfront
 */
#pragma once
#include <memory>

#include "clickos/element.hh"
#include "clickos/notifier.hh"
#include "clickos/task.hh"
#include "netfront/attachment.hh"
#include "switch_link.hh"

namespace clickos {

class ToNetfront : public Element {
  public:
    ToNetfront() : task_(this) {}
    const char* class_name() const override { return "ToNetfront"; }
    const char* port_count() const override { return "1/0"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage) override;
    void add_handlers() override;
    void take_state(Element* old, ErrorHandler*) override;
    void push(int, Packet* p) override;
    void push_batch(int, PacketBatch& batch) override;
    bool run_task(Task*) override;
    void selected(int fd, int mask) override;

  private:
    // Writes up to `space` packets of the batch into slots; the rest stay in the batch.
    uint32_t send(PacketBatch& batch, uint32_t space);

    Task task_;
    NotifierSignal signal_;
    SwitchLink link_{this};
    std::shared_ptr<netfront::Attachment> port_;
    uint32_t burst_ = 32;
    uint64_t count_ = 0, drops_ = 0, zero_copy_ = 0;
};

}  // namespace clickos
