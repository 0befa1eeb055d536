#include "storedata.hh"

#include <algorithm>
#include <cstring>

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

namespace {
constexpr uint64_t kMaxGrownLength = 65535;
}

int StoreData::configure(Args& args) {
    if (args.read_mp("OFFSET", offset_).read_mp("DATA", data_).read_p("MASK", mask_).read("GROW", grow_).complete() < 0)
        return -1;
    if (args.given("MASK") && mask_.size() != data_.size())
        return args.error("MASK has " + std::to_string(mask_.size()) + " bytes but DATA has " +
                          std::to_string(data_.size()));
    if (grow_ && uint64_t(offset_) + data_.size() > kMaxGrownLength)
        return args.error("OFFSET plus the length of DATA must be at most 65535 with GROW");
    return 0;
}

Packet* StoreData::action(Packet* p) {
    if (data_.empty()) return p;
    uint32_t end = offset_ + uint32_t(data_.size());
    if (grow_ && p->length() < end) {
        uint32_t old_length = p->length();
        if (!(p = p->put(end - old_length))) return nullptr;
        std::memset(p->mutable_data() + old_length, 0, end - old_length);
    }
    if (p->length() <= offset_) return p;
    if (!(p = p->uniqueify())) return nullptr;
    size_t n = std::min<size_t>(data_.size(), p->length() - offset_);
    uint8_t* d = p->mutable_data() + offset_;
    if (mask_.empty()) {
        std::memcpy(d, data_.data(), n);
    } else {
        for (size_t i = 0; i < n; ++i) {
            uint8_t m = uint8_t(mask_[i]);
            d[i] = uint8_t((d[i] & ~m) | (uint8_t(data_[i]) & m));
        }
    }
    return p;
}

CLICKOS_ELEMENT(StoreData);

}  // namespace clickos
