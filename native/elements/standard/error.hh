/**
 * @element Error
 * @synopsis Error(...)
 * @category debugging
 * @summary always fails to initialize
 * @ports any inputs / any outputs, agnostic
 *
 * Accepts any configuration and any connections, then fails to initialize, so the router
 * does not start. Useful to keep a configuration from running while it is incomplete,
 * without other errors about its arguments or ports.
 *
 * @see Idle
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class Error : public Element {
  public:
    const char* class_name() const override { return "Error"; }
    const char* port_count() const override { return "-/-"; }
    int configure(Args&) override { return 0; }  // any configuration, unread
    int initialize(ErrorHandler* errh) override;
    void push(int, Packet* p) override { p->kill(); }
    Packet* pull(int) override { return nullptr; }
};

}  // namespace clickos
