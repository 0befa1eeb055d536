/**
 * @element Hub
 * @synopsis Hub
 * @category basic copying
 * @summary copies each packet to every output but the one numbered like its input
 * @ports any number of inputs / as many outputs, push
 *
 * A packet pushed into input N leaves on every output except output N, as frames leave
 * every port of an Ethernet hub but the one they came in on (Hub looks at no headers). All
 * outputs but the last one used get clones that share the data; a packet with no other
 * output to go to is dropped.
 *
 * @see Tee
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class Hub : public Element {
  public:
    const char* class_name() const override { return "Hub"; }
    const char* port_count() const override { return "-/="; }
    const char* processing() const override { return "h/h"; }
    void push(int port, Packet* p) override;
};

}  // namespace clickos
