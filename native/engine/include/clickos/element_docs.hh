// Element documentation compiled into the engine, generated from the header doc blocks.
#pragma once
#include <cstddef>

namespace clickos {

struct ElementDoc {
    const char* name;
    const char* synopsis;
    const char* category;
    const char* summary;
    const char* ports;
    const char* details_json;  // {"description", "args": [...], "handlers": [...], "see": [...]}
};

extern const ElementDoc element_docs[];
extern const size_t element_docs_count;
const ElementDoc* find_element_doc(const char* name);

}  // namespace clickos
