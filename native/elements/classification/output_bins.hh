// Splitting a batch by output: elements with several outputs sort each packet of a batch
// into a per-output bin, then push every non-empty bin as one sub-batch. Bins live on the
// stack (no allocation, safe if the element is re-entered); elements with very many outputs
// push packet by packet instead.
#pragma once
#include <algorithm>

#include "clickos/element.hh"

namespace clickos::classification {

// Bins for up to K outputs. put(o, p) with o outside [0, noutputs) kills p.
template <int K>
class OutputBins {
  public:
    // Callers make sure e has at most K outputs; the clamp only keeps indexes provably in range.
    explicit OutputBins(const Element& e) : e_(e), n_(std::min(unsigned(e.noutputs()), unsigned(K))) {}
    void put(int o, Packet* p) {
        if (unsigned(o) < n_)
            bins_[o].append(p);
        else
            p->kill();
    }
    unsigned noutputs() const { return n_; }
    void flush() {
        for (unsigned i = 0; i < n_; ++i)
            if (!bins_[i].empty()) {
                PacketBatch b = bins_[i];
                bins_[i].clear();
                e_.output(int(i)).push_batch(b);
            }
    }

  private:
    const Element& e_;
    unsigned n_;
    PacketBatch bins_[K];
};

// The same interface, pushing each packet at once (for more outputs than bins).
class DirectOutputs {
  public:
    explicit DirectOutputs(const Element& e) : e_(e) {}
    void put(int o, Packet* p) { e_.checked_output_push(o, p); }
    unsigned noutputs() const { return unsigned(e_.noutputs()); }
    void flush() {}

  private:
    const Element& e_;
};

// Calls fill(bins) — which calls bins.put(output, packet) for each packet — with bins sized
// for e's outputs, then pushes the sub-batches.
template <typename Fill>
inline void with_output_bins(const Element& e, Fill&& fill) {
    int n = e.noutputs();
    if (n <= 4) {
        OutputBins<4> bins(e);
        fill(bins);
        bins.flush();
    } else if (n <= 64) {
        OutputBins<64> bins(e);
        fill(bins);
        bins.flush();
    } else {
        DirectOutputs bins(e);
        fill(bins);
    }
}

// Sends each packet of `batch` to output choose(p); results outside the outputs drop it.
template <typename Choose>
inline void push_split(const Element& e, PacketBatch& batch, Choose&& choose) {
    Packet* p = batch.first();
    batch.clear();
    with_output_bins(e, [&](auto& bins) {
        while (p) {
            Packet* next = p->next();
            p->set_next(nullptr);
            bins.put(choose(p), p);
            p = next;
        }
    });
}

}  // namespace clickos::classification
