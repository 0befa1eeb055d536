/**
 * @element Truncate
 * @synopsis Truncate(LENGTH [, EXTRA_LENGTH])
 * @category basic modification
 * @summary limits packets to a maximum length
 * @ports 1 input / 1 output, agnostic
 *
 * Cuts every packet longer than LENGTH bytes down to its first LENGTH bytes; shorter
 * packets pass unchanged.
 *
 * @arg LENGTH unsigned: the maximum length in bytes
 * @arg EXTRA_LENGTH boolean: in Click, whether to record the dropped bytes in an extra-length
 *   annotation. Accepted for compatibility; ClickOS packets have no such annotation, so it
 *   has no effect (default true)
 * @handler length read/write: LENGTH
 * @handler extra_length read/write: EXTRA_LENGTH
 * @see Strip
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class Truncate : public SimpleElement<Truncate> {
  public:
    const char* class_name() const override { return "Truncate"; }
    int configure(Args& args) override;
    void add_handlers() override;

    Packet* action(Packet* p) {
        if (p->length() > length_) p->take(p->length() - length_);
        return p;
    }

  private:
    uint32_t length_ = 0;
    bool extra_length_ = true;
};

}  // namespace clickos
