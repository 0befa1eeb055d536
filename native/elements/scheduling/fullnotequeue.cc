#include "fullnotequeue.hh"

#include "clickos/element_class.hh"

namespace clickos {

CLICKOS_ELEMENT(FullNoteQueue);

}  // namespace clickos
