/**
 * @element StoreData
 * @synopsis StoreData(OFFSET, DATA)
 * @category basic modification
 * @summary overwrites packet bytes at an offset
 * @ports 1 input / 1 output, agnostic
 *
 * Writes DATA into each packet starting OFFSET bytes from the start of its data. The packet
 * keeps its length: bytes of DATA that would fall past its end are not written, and a
 * packet no longer than OFFSET passes unchanged.
 *
 * @arg OFFSET unsigned integer: where writing starts, in bytes from the start of the data
 * @arg DATA string: the bytes written (`\<0a 0b>` gives bytes in hexadecimal)
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
};

}  // namespace clickos
