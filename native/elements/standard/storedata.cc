#include "storedata.hh"

#include <algorithm>
#include <cstring>

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

int StoreData::configure(Args& args) {
    return args.read_mp("OFFSET", offset_).read_mp("DATA", data_).complete();
}

Packet* StoreData::action(Packet* p) {
    if (p->length() <= offset_ || data_.empty()) return p;
    if (!(p = p->uniqueify())) return nullptr;
    size_t n = std::min<size_t>(data_.size(), p->length() - offset_);
    std::memcpy(p->mutable_data() + offset_, data_.data(), n);
    return p;
}

CLICKOS_ELEMENT(StoreData);

}  // namespace clickos
