/**
 * @element Classifier
 * @synopsis Classifier(PATTERN_0, ..., PATTERN_N-1)
 * @category classification
 * @summary sends packets to the output of the first pattern their bytes match
 * @ports 1 input / any number of outputs (one per pattern), push
 *
 * Each output has a pattern; a packet goes to the output of the first pattern it matches
 * and is dropped if it matches none. A pattern is a space-separated list of clauses that
 * must all hold. A clause OFFSET/VALUE compares the bytes at OFFSET (decimal, from the start
 * of the packet data) with VALUE (hex, an even number of digits: two per byte). A '?' digit
 * leaves its nibble untested. OFFSET/VALUE%MASK compares only the bits set in MASK (hex, as
 * many digits as VALUE). A '!' in front of a clause means the packet must not match it. The
 * pattern "-" matches every packet.
 *
 * A packet that ends before a byte a clause tests does not match the clause (so it does
 * match the clause's negation).
 *
 * The patterns compile into one decision program of 4-byte word tests (see the program
 * handler) in which tests shared by several patterns run once per packet. A pattern no
 * packet can reach (an earlier pattern takes everything it would match, or it contradicts
 * itself) draws a warning.
 *
 * For example, Classifier(12/0806 20/0001, 12/0806 20/0002, 12/0800, -) sends Ethernet ARP
 * requests to output 0, ARP replies to output 1, IPv4 packets to output 2 and the rest to
 * output 3.
 *
 * @arg PATTERN_i pattern: the clauses for output i, or "-" for every packet
 * @handler program read: the compiled program, one step per line: the word tested
 *   ("OFFSET/VALUE%MASK", 4 bytes), where to go when it matches and when it does not
 *   ("step N", an output "[i]", or "drop"), then the safe length (packets at least this long
 *   are matched without length checks)
 * @see IPClassifier, IPFilter, HashSwitch
 */
#pragma once
#include "clickos/element.hh"
#include "match_program.hh"

namespace clickos {

class Classifier : public Element {
  public:
    const char* class_name() const override { return "Classifier"; }
    const char* port_count() const override { return "1/-"; }
    const char* processing() const override { return "h/h"; }
    int configure(Args& args) override;
    void add_handlers() override;
    void push(int, Packet* p) override { checked_output_push(program_.match(p), p); }
    void push_batch(int, PacketBatch& batch) override;

    const classification::Program& program() const { return program_; }

  private:
    classification::Program program_;
};

}  // namespace clickos
