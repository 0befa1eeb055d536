/**
 * @element RandomSample
 * @synopsis RandomSample([P, SAMPLE, DROP, ACTIVE])
 * @category classification
 * @summary passes each packet with a probability
 * @ports 1 input / 1-2 outputs, agnostic (output 1 push)
 *
 * Each packet is sampled with probability P and leaves on output 0; the others leave on
 * output 1, or are dropped when output 1 is not connected. Without P, SAMPLE or DROP must be
 * given. While inactive every packet goes to output 0. Random numbers come from the engine's
 * generator, so RandomSeed makes the choices repeatable.
 *
 * @arg P number 0-1: the sampling probability
 * @arg SAMPLE number 0-1: the same as P
 * @arg DROP number 0-1: the probability of not sampling (1 - P)
 * @arg ACTIVE boolean: whether to sample at all (default true)
 * @handler sampling_prob read/write: the sampling probability
 * @handler drop_prob read/write: 1 minus the sampling probability
 * @handler active read/write: ACTIVE
 * @handler drops read: packets not sampled (sent to output 1 or dropped)
 * @see RandomSwitch, RandomSeed
 */
#pragma once
#include <string>
#include <string_view>

#include "clickos/element.hh"
#include "clickos/random.hh"
#include "ip/error_output_element.hh"

namespace clickos {

struct Probability {  // a number from 0 to 1
    double value = 0;
};
bool parse_value(std::string_view s, Probability& v, std::string& why);

class RandomSample : public ip::ErrorOutputElement<RandomSample> {
  public:
    const char* class_name() const override { return "RandomSample"; }
    int configure(Args& args) override;
    void add_handlers() override;

    bool process(Packet*&) {
        if (!active_ || always_ || random64() < threshold_) return true;
        ++drops_;
        return false;
    }

  private:
    void set_probability(double p);

    double probability_ = 1;
    uint64_t threshold_ = 0;  // sampled when a 64-bit random number is below it
    bool always_ = true;      // probability 1: the threshold cannot express it
    bool active_ = true;
    uint64_t drops_ = 0;
};

}  // namespace clickos
