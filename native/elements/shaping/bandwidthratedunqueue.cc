#include "bandwidthratedunqueue.hh"

#include "clickos/element_class.hh"

namespace clickos {

CLICKOS_ELEMENT(BandwidthRatedUnqueue);

}  // namespace clickos
