#include "red.hh"

#include <cmath>
#include <cstdlib>

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/platform.hh"
#include "clickos/router.hh"
#include "ipencap/ip_args.hh"
#include "standard/queue.hh"

namespace clickos {

namespace {

std::string real_str(double x) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.10g", x);
    return buf;
}

uint64_t splitmix64(uint64_t& state) {
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

}  // namespace

int RED::check_thresholds(uint32_t min, uint32_t max, ErrorHandler* errh) const {
    if (min > max)
        return errh->error("MIN_THRESH (" + std::to_string(min) + ") must not exceed MAX_THRESH (" +
                           std::to_string(max) + ")");
    return 0;
}

int RED::configure(Args& args) {
    ProbabilityArg max_p;
    std::string queues;
    uint64_t seed = 0;
    if (args.read_mp("MIN_THRESH", min_thresh_)
            .read_mp("MAX_THRESH", max_thresh_)
            .read_mp("MAX_P", max_p)
            .read_p("QUEUES", queues)
            .read("STABILITY", stability_)
            .read("SEED", seed)
            .complete() < 0)
        return -1;
    if (check_thresholds(min_thresh_, max_thresh_, args.errh()) < 0) return -1;
    if (stability_ > 31) return args.error("STABILITY must be at most 31");
    max_p_ = max_p.value;
    weight_ = 1.0 / double(uint64_t(1) << stability_);  // 2^-STABILITY, exactly
    queue_names_.clear();
    for (size_t i = 0; i < queues.size();) {
        size_t end = queues.find_first_of(" \t\r\n", i);
        if (end == std::string::npos) end = queues.size();
        if (end > i) queue_names_.push_back(queues.substr(i, end - i));
        i = end + 1;
    }
    seeded_ = args.given("SEED");
    rng_ = seed;
    return 0;
}

bool RED::add_watched(Element* e) {
    for (const auto& w : queues_)
        if (w.element == e) return true;
    if (auto* q = dynamic_cast<Queue*>(e)) {
        queues_.push_back({e, q, {}});
        return true;
    }
    const Handler* length = router()->handler(e, "length");
    const Handler* capacity = router()->handler(e, "capacity");
    if (length && length->readable() && capacity && capacity->readable()) {
        queues_.push_back({e, nullptr, length->read});
        return true;
    }
    return false;
}

// Follows the packets' path from `e`'s output (or back from its input) `port` to the first
// queue on each branch.
void RED::find_queues(Element* e, int port, bool downstream, std::vector<std::pair<Element*, int>>& seen) {
    const Port& link = downstream ? e->output(port) : e->input(port);
    Element* next = link.element();
    if (!next) return;
    std::pair<Element*, int> key{next, link.port()};
    for (const auto& s : seen)
        if (s == key) return;
    seen.push_back(key);
    if (add_watched(next)) return;
    bool per_port = std::string_view(next->flow_code()) == "#/#";
    int n = downstream ? next->noutputs() : next->ninputs();
    for (int k = 0; k < n; ++k) {
        if (per_port && k != link.port()) continue;
        if (downstream ? next->output_is_push(k) : next->input_is_pull(k)) find_queues(next, k, downstream, seen);
    }
}

int RED::initialize(ErrorHandler* errh) {
    queues_.clear();
    if (!queue_names_.empty()) {
        for (const auto& name : queue_names_) {
            Element* e = router()->find(name, this);
            if (!e)
                errh->error("QUEUES: no element named '" + name + "'");
            else if (!add_watched(e))
                errh->error("QUEUES: '" + name + "' is not a queue");
        }
        if (errh->nerrors()) return -1;
    } else {
        bool downstream = output_is_push(0);
        std::vector<std::pair<Element*, int>> seen;
        find_queues(this, 0, downstream, seen);
        if (queues_.empty())
            return errh->error(downstream ? "no queue downstream of output 0" : "no queue upstream of input 0");
    }
    if (!seeded_) rng_ = uint64_t(platform::monotonic_ns()) ^ reinterpret_cast<uintptr_t>(this);
    avg_ = 0;
    count_ = 0;
    return 0;
}

void RED::take_state(Element* old, ErrorHandler*) {
    avg_ = static_cast<RED*>(old)->avg_;
}

uint32_t RED::queue_size() const {
    uint32_t total = 0;
    for (const auto& w : queues_)
        total += w.queue ? w.queue->size() : uint32_t(std::strtoul(w.read(w.element).c_str(), nullptr, 10));
    return total;
}

double RED::uniform() {
    return double(splitmix64(rng_) >> 11) * 0x1.0p-53;
}

bool RED::should_drop() {
    avg_ += weight_ * (double(queue_size()) - avg_);
    double min = min_thresh_, max = max_thresh_;
    if (avg_ < min) {
        count_ = 0;
        return false;
    }
    if (avg_ >= 2 * max) {
        count_ = 0;
        return true;
    }
    double p_b = avg_ < max ? max_p_ * (avg_ - min) / (max - min) : max_p_ + (1 - max_p_) * (avg_ - max) / max;
    // Drop with probability p_b / (1 - count * p_b), certainly once that reaches 1.
    double room = 1 - double(count_) * p_b;
    bool drop = p_b > 0 && (room <= p_b || uniform() * room < p_b);
    count_ = drop ? 0 : count_ + 1;
    return drop;
}

void RED::push(int, Packet* p) {
    if (should_drop()) {
        ++drops_;
        checked_output_push(1, p);
    } else {
        output(0).push(p);
    }
}

Packet* RED::pull(int) {
    while (Packet* p = input(0).pull()) {
        if (!should_drop()) return p;
        ++drops_;
        checked_output_push(1, p);
    }
    return nullptr;
}

void RED::push_batch(int, PacketBatch& batch) {
    PacketBatch dropped;
    batch.filter([this, &dropped](Packet* p) -> Packet* {
        if (!should_drop()) return p;
        dropped.append(p);
        return nullptr;
    });
    drops_ += dropped.count();
    if (!batch.empty()) output(0).push_batch(batch);
    if (dropped.empty()) return;
    if (noutputs() > 1)
        output(1).push_batch(dropped);
    else
        dropped.kill();
}

void RED::add_handlers() {
    add_read_handler("min_thresh", [this](Element*) { return std::to_string(min_thresh_) + "\n"; });
    add_write_handler("min_thresh", [this](const std::string& v, Element*, ErrorHandler* errh) {
        uint32_t x;
        std::string why;
        if (!parse_value(v, x, why)) return errh->error("min_thresh: " + why);
        if (x > max_thresh_)
            return errh->error("min_thresh: must not exceed max_thresh (" + std::to_string(max_thresh_) + ")");
        min_thresh_ = x;
        return 0;
    });
    add_read_handler("max_thresh", [this](Element*) { return std::to_string(max_thresh_) + "\n"; });
    add_write_handler("max_thresh", [this](const std::string& v, Element*, ErrorHandler* errh) {
        uint32_t x;
        std::string why;
        if (!parse_value(v, x, why)) return errh->error("max_thresh: " + why);
        if (x < min_thresh_)
            return errh->error("max_thresh: must be at least min_thresh (" + std::to_string(min_thresh_) + ")");
        max_thresh_ = x;
        return 0;
    });
    add_read_handler("max_p", [this](Element*) { return real_str(max_p_) + "\n"; });
    add_write_handler("max_p", [this](const std::string& v, Element*, ErrorHandler* errh) {
        ProbabilityArg x;
        std::string why;
        if (!parse_value(v, x, why)) return errh->error("max_p: " + why);
        max_p_ = x.value;
        return 0;
    });
    add_read_handler("drops", [this](Element*) { return std::to_string(drops_) + "\n"; });
    add_read_handler("queues", [this](Element*) {
        std::string s;
        for (const auto& w : queues_) s += w.element->name() + "\n";
        return s;
    });
    add_read_handler("avg_queue_size", [this](Element*) { return real_str(avg_) + "\n"; });
    add_read_handler("stats", [this](Element*) {
        return std::to_string(queue_size()) + " current queue\n" + real_str(avg_) + " avg queue\n" +
               std::to_string(drops_) + " drops\n";
    });
}

CLICKOS_ELEMENT(RED);

}  // namespace clickos
