#include "stridesched.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/router.hh"

namespace clickos {

bool StrideSched::parse_tickets(const std::string& s, int32_t& t) {
    std::string why;
    return parse_value(s, t, why) && t >= 1 && t <= max_tickets;
}

int StrideSched::configure(Args& args) {
    std::vector<std::string> rest;
    if (args.read_rest(rest).complete() < 0) return -1;
    if (int(rest.size()) != ninputs())
        return args.error(std::to_string(rest.size()) + " TICKETS arguments for " + std::to_string(ninputs()) +
                          (ninputs() == 1 ? " input" : " inputs") + " (one per input)");
    clients_.assign(rest.size(), Client{});
    int errors = 0;
    for (size_t i = 0; i < args.args().size(); ++i) {
        const Args::Arg& a = args.args()[i];
        int32_t t;
        if (!parse_tickets(a.value, t)) {
            args.error_at(a, "TICKETS" + std::to_string(i) + ": expected an integer from 1 to 32768");
            ++errors;
            continue;
        }
        set_tickets(clients_[i], t);
        clients_[i].pass = clients_[i].stride;
    }
    return errors ? -1 : 0;
}

int StrideSched::initialize(ErrorHandler*) {
    // No listener: pullers downstream find these same notifiers through this element.
    for (int i = 0; i < ninputs(); ++i) signals_.push_back(router()->upstream_empty_signal(this, i, nullptr));
    return 0;
}

Packet* StrideSched::pull(int) {
    for (Client& c : clients_) c.tried = false;
    for (size_t round = 0; round < clients_.size(); ++round) {
        // The untried input with the lowest pass (the lowest number among equals).
        size_t best = clients_.size();
        for (size_t i = 0; i < clients_.size(); ++i)
            if (!clients_[i].tried && (best == clients_.size() || clients_[i].pass < clients_[best].pass)) best = i;
        Client& c = clients_[best];
        c.tried = true;
        if (!signals_[best].active()) continue;
        if (Packet* p = input(int(best)).pull()) {
            c.pass += c.stride;
            return p;
        }
    }
    return nullptr;
}

void StrideSched::add_handlers() {
    for (size_t i = 0; i < clients_.size(); ++i) {
        std::string name = "tickets" + std::to_string(i);
        add_read_handler(name, [this, i](Element*) { return std::to_string(clients_[i].tickets) + "\n"; });
        add_write_handler(name, [this, i, name](const std::string& v, Element*, ErrorHandler* errh) {
            int32_t t;
            if (!parse_tickets(v, t)) return errh->error(name + ": expected an integer from 1 to 32768");
            set_tickets(clients_[i], t);
            return 0;
        });
    }
}

CLICKOS_ELEMENT(StrideSched);

}  // namespace clickos
