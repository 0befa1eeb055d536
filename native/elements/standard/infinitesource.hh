/**
 * @element InfiniteSource
 * @synopsis InfiniteSource([DATA, LIMIT, BURST, ACTIVE, LENGTH, DATASIZE, STOP, END_CALL])
 * @category sources
 * @summary generates packets whenever scheduled
 * @ports 0 inputs / 1 output, agnostic
 *
 * Creates packets holding DATA. In push mode a task sends BURST packets per run (as one
 * batch); in pull mode each pull returns one packet. After LIMIT packets it stops sending
 * (a negative LIMIT never stops). With STOP true it then asks the router to stop; END_CALL
 * writes a handler instead.
 *
 * @arg DATA string: the packet contents (default: 64 zero bytes)
 * @arg LIMIT integer: packets to send, negative for no limit (default -1)
 * @arg BURST integer: packets per task run (default 1)
 * @arg ACTIVE boolean: whether to send (default true)
 * @arg LENGTH integer: packet length; DATA is repeated or cut to fit
 * @arg DATASIZE integer: the same as LENGTH (Click's older name)
 * @arg STOP boolean: stop the router after LIMIT packets (default false)
 * @arg END_CALL "HANDLER [VALUE]": write this handler after LIMIT packets
 * @handler count read: packets sent
 * @handler reset write: sets count to zero, so LIMIT more packets are sent
 * @handler data read/write: DATA
 * @handler limit read/write: LIMIT
 * @handler burst read/write: BURST
 * @handler active read/write: ACTIVE
 * @handler length read/write: LENGTH
 * @see RatedSource, TimedSource
 */
#pragma once
#include <string>

#include "clickos/element.hh"
#include "clickos/task.hh"

namespace clickos {

class InfiniteSource : public Element {
  public:
    InfiniteSource() : task_(this) {}
    const char* class_name() const override { return "InfiniteSource"; }
    const char* port_count() const override { return "0/1"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler*) override;
    void add_handlers() override;
    bool run_task(Task*) override;
    Packet* pull(int) override;

  private:
    void make_data();
    void finished();
    Task task_;
    std::string data_;
    std::string packet_data_;  // DATA adjusted to LENGTH
    int64_t limit_ = -1;
    uint32_t burst_ = 1;
    int64_t length_ = -1;
    bool active_ = true;
    bool stop_ = false;
    std::string end_call_;
    uint64_t count_ = 0;
    bool done_ = false;
};

}  // namespace clickos
