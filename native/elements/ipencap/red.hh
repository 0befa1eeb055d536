/**
 * @element RED
 * @synopsis RED(MIN_THRESH, MAX_THRESH, MAX_P [, QUEUES, KEYWORDS])
 * @category queueing
 * @summary drops packets early, at random, as the queue behind it fills (Random Early Detection)
 * @ports 1 input / 1 or 2 outputs; output 0 agnostic, output 1 push
 *
 * Random Early Detection (Floyd and Jacobson, 1993; RFC 2309), in its "gentle" form
 * (Floyd, 1997). RED watches one or more queues: by default, when RED is on a push path,
 * the nearest queues downstream of output 0, and on a pull path the nearest queues upstream
 * of its input; QUEUES names them instead. A queue is a Queue, or any element with `length`
 * and `capacity` read handlers (SimpleQueue, ...).
 *
 * For each packet RED updates the average queue length avg (the sum over its queues) as
 * avg += w * (length - avg) with weight w = 2^-STABILITY, then decides:
 *
 *  - avg < MIN_THRESH: the packet passes;
 *  - MIN_THRESH <= avg < MAX_THRESH: base probability p_b = MAX_P * (avg - MIN_THRESH) /
 *    (MAX_THRESH - MIN_THRESH);
 *  - MAX_THRESH <= avg < 2 * MAX_THRESH: p_b = MAX_P + (1 - MAX_P) * (avg - MAX_THRESH) /
 *    MAX_THRESH (the gentle region);
 *  - avg >= 2 * MAX_THRESH: the packet is dropped.
 *
 * In the two middle regions the packet is dropped with probability p_b / (1 - count * p_b)
 * (always once count * p_b >= 1), where count is the number of packets passed since the
 * last drop, which spreads drops evenly: with a steady p_b, the gap between drops is
 * uniform between 1 and 1/p_b packets. An empty queue counts as length 0 for each arriving
 * packet. Dropped packets leave on output 1 if it exists and are freed otherwise. The
 * packets of one pushed batch all see the queue as it was when the batch arrived (the batch
 * reaches the queue only afterwards); the survivors and the dropped packets leave as one
 * batch per output.
 *
 * Random numbers come from a generator seeded with SEED when given (for reproducible
 * runs), otherwise from the clock.
 *
 * @arg MIN_THRESH unsigned: average length where dropping starts
 * @arg MAX_THRESH unsigned: average length where the probability reaches MAX_P; at least MIN_THRESH
 * @arg MAX_P real: drop probability at MAX_THRESH, between 0 and 1
 * @arg QUEUES element names: space-separated queues to watch instead of the nearest ones
 * @arg STABILITY unsigned: w = 2^-STABILITY, 0 to 31; higher is steadier (default 4)
 * @arg SEED unsigned: seed of the random generator (ClickOS extension)
 * @handler min_thresh read/write: MIN_THRESH
 * @handler max_thresh read/write: MAX_THRESH
 * @handler max_p read/write: MAX_P
 * @handler drops read: packets dropped
 * @handler queues read: the queues watched, one name per line
 * @handler avg_queue_size read: the average queue length
 * @handler stats read: current queue length, average and drops, one per line
 * @see Queue, SetIPECN
 */
#pragma once
#include <vector>

#include "clickos/element.hh"

namespace clickos {

class Queue;

class RED : public Element {
  public:
    const char* class_name() const override { return "RED"; }
    const char* port_count() const override { return "1/1-2"; }
    const char* processing() const override { return "a/ah"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler* errh) override;
    void add_handlers() override;
    void take_state(Element* old, ErrorHandler*) override;

    void push(int, Packet* p) override;
    Packet* pull(int) override;
    void push_batch(int, PacketBatch& batch) override;

    uint32_t queue_size() const;
    double average_queue_size() const { return avg_; }
    uint64_t drops() const { return drops_; }

  private:
    struct Watched {
        Element* element;
        Queue* queue;      // fast path for Queue
        ReadHandler read;  // otherwise its `length` handler
    };
    bool should_drop();
    double uniform();
    bool add_watched(Element* e);
    void find_queues(Element* e, int port, bool downstream, std::vector<std::pair<Element*, int>>& seen);
    int check_thresholds(uint32_t min, uint32_t max, ErrorHandler* errh) const;

    uint32_t min_thresh_ = 0;
    uint32_t max_thresh_ = 0;
    double max_p_ = 0;
    uint32_t stability_ = 4;
    double weight_ = 1.0 / 16;
    std::vector<std::string> queue_names_;
    std::vector<Watched> queues_;
    double avg_ = 0;
    uint64_t count_ = 0;  // packets passed since the last drop, in the random regions
    uint64_t drops_ = 0;
    bool seeded_ = false;
    uint64_t rng_ = 0;
};

}  // namespace clickos
