/**
 * @element SetRandIPAddress
 * @synopsis SetRandIPAddress(PREFIX [, MAX])
 * @category IP
 * @summary sets the destination address annotation to a random address inside a prefix
 * @ports 1 input / 1 output, agnostic
 *
 * Gives each packet a destination IP address annotation drawn at random from PREFIX
 * (ADDR/LEN): its upper LEN bits are ADDR's, the others random. With MAX, at most MAX
 * different addresses are used: MAX addresses are drawn from PREFIX at start-up (repeats
 * possible) and each packet gets one of them at random. The packet data is not touched;
 * StoreIPAddress writes the annotation into a header. Random numbers come from the
 * engine's generator, so RandomSeed makes the choice repeatable.
 *
 * @arg PREFIX IP prefix: ADDR/LEN (or ADDR/MASK) the addresses are drawn from
 * @arg MAX unsigned: the most different addresses to use, 1 to 1048576 (default: no limit)
 * @see SetIPAddress, StoreIPAddress, GetIPAddress, RandomSeed
 */
#pragma once
#include <vector>

#include "clickos/element.hh"
#include "clickos/random.hh"

namespace clickos {

class SetRandIPAddress : public SimpleElement<SetRandIPAddress> {
  public:
    const char* class_name() const override { return "SetRandIPAddress"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler* errh) override;

    Packet* action(Packet* p) {
        uint32_t a = pool_.empty() ? draw() : pool_[random64() % pool_.size()];
        p->set_dst_ip_anno(a);
        return p;
    }

  private:
    uint32_t draw() const {                                    // network byte order
        return addr_ | (uint32_t(random64() >> 32) & ~mask_);  // random bits need no byte swap
    }

    uint32_t addr_ = 0, mask_ = 0;  // network byte order, addr_ already masked
    uint32_t max_ = 0;              // 0: no limit
    std::vector<uint32_t> pool_;
};

}  // namespace clickos
