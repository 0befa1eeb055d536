/**
 * @element StoreData
 * @synopsis StoreData(OFFSET, DATA [, MASK, GROW])
 * @category basic modification
 * @summary overwrites packet bytes at an offset
 * @ports 1 input / 1 output, agnostic
 *
 * Writes DATA into each packet starting OFFSET bytes from the start of its data. With MASK
 * only the bits set in MASK change: each byte becomes (old AND NOT mask) OR (data AND mask).
 * Without GROW the packet keeps its length: bytes of DATA that would fall past its end are
 * not written, and a packet no longer than OFFSET passes unchanged. With GROW a packet too
 * short is extended to OFFSET plus the length of DATA, the new bytes zero before DATA
 * (or MASK) applies.
 *
 * @arg OFFSET unsigned integer: where writing starts, in bytes from the start of the data
 * @arg DATA string: the bytes written (`"\<0a 0b>"` gives bytes in hexadecimal)
 * @arg MASK string: as long as DATA; the bits of the packet that DATA replaces (default all)
 * @arg GROW boolean: extend packets too short for DATA (default false)
 * @see StoreIPAddress, SetAnnoByte
 */
#pragma once
#include <string>

#include "clickos/element.hh"

namespace clickos {

class StoreData : public SimpleElement<StoreData> {
  public:
    const char* class_name() const override { return "StoreData"; }
    int configure(Args& args) override;

    Packet* action(Packet* p);

  private:
    uint32_t offset_ = 0;
    std::string data_;
    std::string mask_;  // empty: every bit
    bool grow_ = false;
};

}  // namespace clickos
