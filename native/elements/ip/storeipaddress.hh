/**
 * @element StoreIPAddress
 * @synopsis StoreIPAddress([ADDR,] OFFSET)
 * @category IP
 * @summary writes an IP address into packet data
 * @ports 1 input / 1 or 2 outputs, agnostic (output 1 push)
 *
 * With one argument, writes each packet's destination IP address annotation into the
 * packet at byte OFFSET; packets whose annotation is 0.0.0.0 pass unchanged. With two,
 * writes ADDR (which may be 0.0.0.0) there instead. No checksum is updated for a numeric
 * OFFSET: follow with SetIPChecksum (and the TCP/UDP ones) when the bytes are inside
 * checksummed headers.
 *
 * OFFSET may also be `src` or `dst`: the address then goes into the source or destination
 * field of the IPv4 header (at the network header annotation, or at the data start when it
 * is unset), and the IP checksum, and the TCP or UDP checksum of an unfragmented or first
 * fragment whose transport header is present, are updated incrementally (RFC 1624; a UDP
 * checksum of 0, meaning none, stays 0).
 *
 * Packets too short for the 4 bytes at OFFSET, and with `src`/`dst` packets without a
 * readable IPv4 header, go to output 1 if there is one, else are dropped.
 *
 * @arg ADDR IP address: the address to store (default: the destination address annotation)
 * @arg OFFSET byte offset, src or dst: where to store it
 * @see SetIPAddress, GetIPAddress, SetIPChecksum, IPRewriter
 */
#pragma once
#include "clickos/addresses.hh"
#include "ip/error_output_element.hh"

namespace clickos {

class StoreIPAddress : public ip::ErrorOutputElement<StoreIPAddress> {
  public:
    const char* class_name() const override { return "StoreIPAddress"; }
    int configure(Args& args) override;
    bool process(Packet*& p);

  private:
    enum class Field { Offset, Src, Dst };
    bool store_in_header(Packet*& p, uint32_t addr);
    Field field_ = Field::Offset;
    uint32_t offset_ = 0;
    uint32_t addr_ = 0;
    bool use_anno_ = true;
};

}  // namespace clickos
