/**
 * @element Print
 * @synopsis Print([LABEL, MAXLENGTH, KEYWORDS])
 * @category debugging
 * @summary prints a line per packet on the standard error
 * @ports 1 input / 1 output, agnostic
 *
 * Writes one line per packet to the standard error and passes the packet on unchanged.
 * The line is `LABEL: LENGTH | DATA`: the label and its colon are left out when LABEL is
 * empty, LENGTH is right-aligned in four columns, and DATA shows the first MAXLENGTH bytes
 * in hexadecimal, in groups of four bytes (eight digits) separated by spaces. With
 * TIMESTAMP the packet's timestamp follows the label (`LABEL: SEC.USEC: LENGTH`); with
 * HEADROOM, `(h HEADROOM t TAILROOM)` follows the length; with PRINTANNO, the annotation
 * bytes in hexadecimal come before the data, between bars.
 *
 * @arg LABEL string: text at the start of each line (default empty)
 * @arg MAXLENGTH integer: how many bytes of data to show; negative shows every byte (default 24)
 * @arg CONTENTS word: NONE (no data), HEX (hexadecimal) or ASCII (the bytes as text, with
 *   '.' for bytes that are not printable ASCII) (default HEX)
 * @arg TIMESTAMP boolean: print the timestamp annotation, in seconds since 1970 (default false)
 * @arg PRINTANNO boolean: print the user annotation bytes (default false)
 * @arg HEADROOM boolean: print the packet's headroom and tailroom (default false)
 * @arg CPU boolean: in Click's kernel module, print the CPU number. Accepted and ignored
 *   (default false)
 * @arg ACTIVE boolean: whether to print at all (default true)
 * @handler active read/write: ACTIVE
 * @see Counter
 */
#pragma once
#include <string>

#include "clickos/element.hh"

namespace clickos {

class Print : public SimpleElement<Print> {
  public:
    const char* class_name() const override { return "Print"; }
    int configure(Args& args) override;
    void add_handlers() override;

    Packet* action(Packet* p) {
        if (active_) print(p);
        return p;
    }
    // The line written for p, without the newline (for tests and other printers).
    void format(const Packet* p, std::string& out) const;

  private:
    enum class Contents { None, Hex, Ascii };
    void print(const Packet* p);

    std::string label_;
    int32_t maxlength_ = 24;
    Contents contents_ = Contents::Hex;
    bool timestamp_ = false;
    bool print_anno_ = false;
    bool headroom_ = false;
    bool active_ = true;
    std::string line_;  // reused for every packet, so printing does not allocate once warm
};

}  // namespace clickos
