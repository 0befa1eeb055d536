/**
 * @element StrideSched
 * @synopsis StrideSched(TICKETS0, ..., TICKETSN-1)
 * @category scheduling
 * @summary shares pulls among its inputs in proportion to their tickets
 * @ports 1 or more inputs / 1 output, pull
 *
 * Packet-based stride scheduling: input i holds TICKETSi tickets and is served in proportion
 * to them (an input with 3 tickets gets three packets for every one of an input with 1,
 * while both have packets). Each input has a stride of 65536 / TICKETSi and a pass that
 * starts at its stride. A pull on the output tries the inputs in increasing order of pass
 * (the lower input number first among equal passes) until one gives a packet; that input's
 * pass then grows by its stride. An input that gives nothing is not tried again during that
 * pull and keeps its pass. Inputs whose upstream empty notifier says they are dry are
 * skipped without being pulled, and whatever pulls from StrideSched listens to the
 * notifiers of all its inputs, so it sleeps while every input is dry.
 *
 * @arg TICKETSi integer: the tickets of input i, 1 to 32768; one argument per input
 * @handler ticketsi read/write: the tickets of input i (tickets0, tickets1, ...)
 * @see PrioSched, RoundRobinSched, ScheduleInfo, Queue
 */
#pragma once
#include <vector>

#include "clickos/element.hh"
#include "clickos/notifier.hh"

namespace clickos {

class StrideSched : public Element {
  public:
    static constexpr uint32_t stride_one = 1u << 16;
    static constexpr int32_t max_tickets = 1 << 15;

    const char* class_name() const override { return "StrideSched"; }
    const char* port_count() const override { return "1-/1"; }
    const char* processing() const override { return "l/l"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler*) override;
    void add_handlers() override;
    Packet* pull(int) override;

  private:
    struct Client {
        int32_t tickets = 1;
        uint32_t stride = stride_one;
        uint64_t pass = stride_one;
        bool tried = false;  // during one pull
    };
    static bool parse_tickets(const std::string& s, int32_t& t);
    void set_tickets(Client& c, int32_t t) {
        c.tickets = t;
        c.stride = stride_one / uint32_t(t);
    }

    std::vector<Client> clients_;
    std::vector<NotifierSignal> signals_;
};

}  // namespace clickos
