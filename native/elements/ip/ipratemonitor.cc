#include "ipratemonitor.hh"

#include <cctype>
#include <cstdio>

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/timestamp.hh"
#include "ipencap/ip_header.hh"

namespace clickos {

namespace {

constexpr uint32_t min_memory_kb = 100;
constexpr uint64_t fold_interval_epochs = uint64_t(RateEWMA::epochs_per_second);  // once a second

struct CountTypeArg {
    bool bytes = false;
};
bool parse_value(std::string_view s, CountTypeArg& v, std::string& why) {
    Word w;
    if (!clickos::parse_value(s, w, why)) return false;
    std::string t;
    for (char c : w.text) t += char(std::toupper(static_cast<unsigned char>(c)));
    if (t != "PACKETS" && t != "BYTES") {
        why = "expected PACKETS or BYTES";
        return false;
    }
    v.bytes = t == "BYTES";
    return true;
}

struct RatioArg {
    double value = 1;
};
bool parse_value(std::string_view s, RatioArg& v, std::string& why) {
    double x;
    if (!clickos::parse_value(s, x, why) || !(x > 0 && x <= 1)) {
        why = "expected a ratio above 0 and at most 1";
        return false;
    }
    v.value = x;
    return true;
}

size_t memory_limit(uint32_t kb) {
    if (kb == 0) return 0;
    return size_t(kb < min_memory_kb ? min_memory_kb : kb) * 1024;
}

uint64_t current_epoch() {
    return RateEWMA::epoch_of(Timestamp::now_steady().ns);
}

// "12", "3.125", "0.031": up to three decimals, no trailing zeros.
std::string rate_str(double r) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.3f", r);
    std::string s(buf);
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
}

void store_rate(Packet* p, size_t at, double r) {
    uint32_t v = r >= 4294967295.0 ? 0xffffffffu : uint32_t(r);
    std::memcpy(p->anno() + at, &v, 4);
}

}  // namespace

int IPRateMonitor::configure(Args& args) {
    CountTypeArg type;
    RatioArg ratio;
    uint32_t memory_kb = 0;
    if (args.read_mp("TYPE", type)
            .read_mp("RATIO", ratio)
            .read_mp("THRESH", thresh_)
            .read_p("MEMORY", memory_kb)
            .read_p("ANNO", anno_)
            .complete() < 0)
        return -1;
    bytes_ = type.bytes;
    ratio_ = ratio.value;
    memmax_ = memory_limit(memory_kb);
    return 0;
}

int IPRateMonitor::initialize(ErrorHandler*) {
    reset();
    return 0;
}

void IPRateMonitor::reset() {
    tables_.clear();
    free_tables_.clear();
    tables_.push_back(std::make_unique<Table>());
    live_tables_ = 1;
    reset_ns_ = Timestamp::now_steady().ns;
    last_fold_epoch_ = RateEWMA::epoch_of(reset_ns_);
}

bool IPRateMonitor::sampled() {
    random_state_ ^= random_state_ << 13;
    random_state_ ^= random_state_ >> 7;
    random_state_ ^= random_state_ << 17;
    return double(random_state_ >> 11) * 0x1.0p-53 < ratio_;
}

int32_t IPRateMonitor::new_table(int32_t parent, uint8_t index) {
    int32_t t;
    if (!free_tables_.empty()) {
        t = free_tables_.back();
        free_tables_.pop_back();
        *tables_[size_t(t)] = Table();
    } else {
        // Tables are allocated only when a prefix gets busy enough to split; freed ones are reused.
        tables_.push_back(std::make_unique<Table>());
        t = int32_t(tables_.size() - 1);
    }
    tables_[size_t(t)]->parent_table = parent;
    tables_[size_t(t)]->parent_index = index;
    ++live_tables_;
    return t;
}

void IPRateMonitor::free_table(int32_t t) {
    Table& table = *tables_[size_t(t)];
    for (Counter& c : table.counters)
        if (c.child >= 0) free_table(c.child);
    if (table.parent_table >= 0) tables_[size_t(table.parent_table)]->counters[table.parent_index].child = -1;
    table.parent_table = -1;
    free_tables_.push_back(t);
    --live_tables_;
}

void IPRateMonitor::count(Packet* p, bool forward, uint64_t epoch) {
    IPHeaderRef r;
    if (!locate_ip_header(p, r)) return;
    double amount = bytes_ ? double(ntohs(r.h.len)) : 1.0;
    bool counted = ratio_ >= 1 || sampled();
    int which = forward ? 0 : 1;
    uint32_t addr = ntohl(forward ? r.h.src : r.h.dst);
    int32_t t = 0;
    int depth = 0;
    Counter* c = nullptr;
    for (;; ++depth) {
        uint8_t byte = uint8_t(addr >> (24 - 8 * depth));
        c = &tables_[size_t(t)]->counters[byte];
        if (!c->used) {
            c->used = true;
            c->rates.start(epoch);
        }
        if (counted) c->rates.add(epoch, amount / ratio_, which);
        if (c->child < 0 || depth == 3) break;
        t = c->child;
    }
    double fwd = c->rates.rate_now(epoch, 0), rev = c->rates.rate_now(epoch, 1);
    if (anno_) {
        store_rate(p, anno::fwd_rate, fwd);
        store_rate(p, anno::rev_rate, rev);
    }
    if (depth < 3 && c->no_split_until <= epoch && (fwd >= thresh_ || rev >= thresh_) && room_for_table()) {
        int32_t child = new_table(t, uint8_t(addr >> (24 - 8 * depth)));
        c->child = child;
        Counter& n = tables_[size_t(child)]->counters[uint8_t(addr >> (24 - 8 * (depth + 1)))];
        n.used = true;
        n.rates = c->rates;  // the new, more specific prefix starts from its parent's rates
    }
    if (epoch >= last_fold_epoch_ + fold_interval_epochs) {
        fold(thresh_, epoch);
        last_fold_epoch_ = epoch;
    }
}

void IPRateMonitor::fold(double threshold, uint64_t epoch) {
    for (size_t t = 1; t < tables_.size(); ++t) {
        const Table& table = *tables_[t];
        if (table.parent_table < 0) continue;  // free
        const Counter& parent = tables_[size_t(table.parent_table)]->counters[table.parent_index];
        if (parent.rates.rate_now(epoch, 0) < threshold && parent.rates.rate_now(epoch, 1) < threshold)
            free_table(int32_t(t));
    }
}

void IPRateMonitor::fold_to_limit(uint64_t epoch) {
    double threshold = thresh_ > 0 ? thresh_ : 1;
    while (memmax_ && memory() > memmax_ && live_tables_ > 1) {
        fold(threshold, epoch);
        threshold *= 2;
    }
}

void IPRateMonitor::push(int port, Packet* p) {
    count(p, port == 0, current_epoch());
    output(port).push(p);
}

Packet* IPRateMonitor::pull(int port) {
    Packet* p = input(port).pull();
    if (p) count(p, port == 0, current_epoch());
    return p;
}

void IPRateMonitor::push_batch(int port, PacketBatch& batch) {
    uint64_t epoch = current_epoch();
    for (Packet* p = batch.first(); p; p = p->next()) count(p, port == 0, epoch);
    output(port).push_batch(batch);
}

PacketBatch IPRateMonitor::pull_batch(int port, unsigned max) {
    PacketBatch batch = input(port).pull_batch(max);
    uint64_t epoch = current_epoch();
    for (Packet* p = batch.first(); p; p = p->next()) count(p, port == 0, epoch);
    return batch;
}

void IPRateMonitor::print(int32_t t, int depth, const std::string& prefix, uint64_t epoch, std::string& out) const {
    const Table& table = *tables_[size_t(t)];
    for (int i = 0; i < fanout; ++i) {
        const Counter& c = table.counters[i];
        if (!c.used) continue;
        double fwd = c.rates.rate_now(epoch, 0), rev = c.rates.rate_now(epoch, 1);
        if (fwd <= 0 && rev <= 0) continue;
        std::string name = prefix.empty() ? std::to_string(i) : prefix + "." + std::to_string(i);
        out += std::string(size_t(depth), '\t') + name + "\t" + rate_str(fwd) + "\t" + rate_str(rev) + "\n";
        if (c.child >= 0) print(c.child, depth + 1, name, epoch, out);
    }
}

void IPRateMonitor::add_handlers() {
    add_read_handler("look", [this](Element*) {
        int64_t now = Timestamp::now_steady().ns;
        std::string out = std::to_string((now - reset_ns_) / 10'000'000) + "\n";
        print(0, 0, "", RateEWMA::epoch_of(now), out);
        return out;
    });
    add_read_handler("thresh", [this](Element*) { return std::to_string(thresh_) + "\n"; });
    add_read_handler("mem", [this](Element*) { return std::to_string(memory()) + "\n"; });
    add_read_handler("memmax", [this](Element*) { return std::to_string(memmax_ / 1024) + "\n"; });
    add_write_handler("memmax", [this](const std::string& v, Element*, ErrorHandler* errh) {
        uint32_t kb;
        std::string why;
        if (!parse_value(v, kb, why)) return errh->error("memmax: " + why);
        memmax_ = memory_limit(kb);
        fold_to_limit(current_epoch());
        return 0;
    });
    add_write_handler(
        "reset",
        [this](const std::string&, Element*, ErrorHandler*) {
            reset();
            return 0;
        },
        HANDLER_BUTTON);
    add_write_handler("anno_level", [this](const std::string& v, Element*, ErrorHandler* errh) {
        std::vector<std::string> w = split_args(v);
        if (w.size() == 1) {  // also accept space-separated words
            w.clear();
            size_t i = 0;
            while (i < v.size()) {
                size_t b = v.find_first_not_of(" \t", i);
                if (b == std::string::npos) break;
                size_t e = v.find_first_of(" \t", b);
                w.push_back(v.substr(b, e == std::string::npos ? std::string::npos : e - b));
                i = e == std::string::npos ? v.size() : e;
            }
        }
        IPAddress a;
        uint32_t level, seconds;
        std::string why;
        if (w.size() != 3) return errh->error("anno_level: expected 'ADDR LEVEL SECONDS'");
        if (!parse_value(w[0], a, why)) return errh->error("anno_level: " + why);
        if (!parse_value(w[1], level, why) || level > 3)
            return errh->error("anno_level: LEVEL must be 0 (first byte) to 3 (host)");
        if (!parse_value(w[2], seconds, why) || seconds == 0)
            return errh->error("anno_level: SECONDS must be a positive integer");
        uint64_t epoch = current_epoch();
        uint32_t addr = ntohl(a.addr);
        int32_t t = 0;
        for (uint32_t depth = 0;; ++depth) {
            Counter& c = tables_[size_t(t)]->counters[uint8_t(addr >> (24 - 8 * depth))];
            if (!c.used) return 0;  // no traffic there yet: nothing to hold
            if (depth == level) {
                c.no_split_until = epoch + uint64_t(seconds) * uint64_t(RateEWMA::epochs_per_second);
                if (c.child >= 0) free_table(c.child);
                return 0;
            }
            if (c.child < 0) return 0;
            t = c.child;
        }
    });
}

CLICKOS_ELEMENT(IPRateMonitor);

}  // namespace clickos
