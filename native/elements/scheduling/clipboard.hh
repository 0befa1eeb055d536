/**
 * @element Clipboard
 * @synopsis Clipboard(RANGE_1, ..., RANGE_N)
 * @category basic modification
 * @summary copies bytes from packets on input 0 into packets on input 1
 * @ports 2 inputs / 2 outputs, agnostic (each input with its output)
 *
 * Each RANGE is OFFSET/LENGTH: LENGTH bytes starting OFFSET bytes into the packet data. A
 * packet through input 0 has the bytes of every range copied to the clipboard and leaves
 * unchanged on output 0. A packet through input 1 gets the clipboard's bytes written over the
 * same ranges and leaves on output 1. So data from one packet can be stamped into any number
 * of later ones; with Strip and Unstrip around a loop back into Clipboard, it can move bytes
 * within one packet. Each input/output pair may be push or pull independently.
 *
 * Where Click leaves the result undefined, ours is defined: the clipboard starts as zero
 * bytes; a packet on input 0 too short for some range passes without changing the
 * clipboard; a packet on input 1 too short for some range passes unchanged.
 *
 * @arg RANGE_i "OFFSET/LENGTH": a byte range, for example 12/4; OFFSET + LENGTH at most 65535
 * @see Strip, Unstrip
 */
#pragma once
#include <vector>

#include "clickos/element.hh"

namespace clickos {

class Clipboard : public Element {
  public:
    const char* class_name() const override { return "Clipboard"; }
    const char* port_count() const override { return "2/2"; }
    const char* flow_code() const override { return "#/#"; }
    int configure(Args& args) override;
    void push(int port, Packet* p) override {
        if (port == 0) {
            copy(p);
            output(0).push(p);
        } else if ((p = paste(p))) {
            output(1).push(p);
        }
    }
    Packet* pull(int port) override {
        Packet* p = input(port).pull();
        if (!p) return nullptr;
        if (port == 0) {
            copy(p);
            return p;
        }
        return paste(p);
    }

  private:
    struct Range {
        uint32_t offset;
        uint32_t length;
    };
    void copy(const Packet* p);
    Packet* paste(Packet* p);

    std::vector<Range> ranges_;
    std::vector<uint8_t> clipboard_;
    uint32_t min_length_ = 0;  // the shortest packet every range fits in
};

}  // namespace clickos
