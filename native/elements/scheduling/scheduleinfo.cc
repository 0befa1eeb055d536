#include "scheduleinfo.hh"

#include <cmath>

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/router.hh"

namespace clickos {

namespace {
// Whether `name` is an element or the prefix of one (a compound).
bool names_something(Router* router, const std::string& name) {
    if (router->find(name)) return true;
    std::string prefix = name + "/";
    for (int i = 0; i < router->nelements(); ++i)
        if (router->element(i)->name().compare(0, prefix.size(), prefix) == 0) return true;
    return false;
}
}  // namespace

std::string ScheduleInfo::prefix() const {
    size_t slash = name().rfind('/');
    return slash == std::string::npos ? std::string() : name().substr(0, slash + 1);
}

int ScheduleInfo::configure(Args& args) {
    std::vector<std::string> rest;
    if (args.read_rest(rest).complete() < 0) return -1;
    int errors = 0;
    std::string pre = prefix();
    for (const auto& a : args.args()) {
        std::vector<std::string> words;
        size_t i = 0;
        while (i < a.value.size()) {
            size_t b = a.value.find_first_not_of(" \t\r\n", i);
            if (b == std::string::npos) break;
            size_t e = a.value.find_first_of(" \t\r\n", b);
            if (e == std::string::npos) e = a.value.size();
            words.push_back(a.value.substr(b, e - b));
            i = e;
        }
        double v = 0;
        std::string why;
        if (words.size() != 2 || !parse_value(words[1], v, why) || !(v >= 0) || std::isinf(v)) {
            args.error_at(a, "expected 'ELEMENT PARAM' with PARAM a non-negative number, not '" + a.value + "'");
            ++errors;
            continue;
        }
        std::string full = pre + words[0];
        if (!names_something(router(), full)) {
            args.error_at(a, "no element or compound named '" + full + "'");
            ++errors;
            continue;
        }
        entries_.push_back(Entry{full, v});
    }
    return errors ? -1 : 0;
}

bool ScheduleInfo::parameter(Router* router, const std::string& name, double& value) {
    // The entry for `name` from the outermost ScheduleInfo (the shortest prefix) that has one.
    const Entry* best = nullptr;
    std::string best_scope;
    for (int i = 0; i < router->nelements(); ++i) {
        auto* si = dynamic_cast<ScheduleInfo*>(router->element(i));
        if (!si) continue;
        std::string scope = si->prefix();
        for (const Entry& e : si->entries_)
            if (e.name == name && (!best || scope.size() < best_scope.size())) {
                best = &e;
                best_scope = scope;
            }
    }
    double scale = 1;
    bool scaled = false;
    if (best) {
        // Relative to the compound whose ScheduleInfo said it.
        if (!best_scope.empty()) parameter(router, best_scope.substr(0, best_scope.size() - 1), scale);
        value = scale * best->value;
        return true;
    }
    size_t slash = name.rfind('/');
    if (slash != std::string::npos) scaled = parameter(router, name.substr(0, slash), scale);
    value = scale;
    return scaled;
}

int ScheduleInfo::initialize(ErrorHandler* errh) {
    // The first ScheduleInfo to initialize sets every task's tickets for all of them.
    for (int i = 0; i < router()->nelements(); ++i)
        if (auto* si = dynamic_cast<ScheduleInfo*>(router()->element(i))) {
            if (si != this) return 0;
            break;
        }
    for (int i = 0; i < router()->nelements(); ++i) {
        Element* e = router()->element(i);
        const Handler* h = router()->handler(e, "tickets");
        double v;
        if (!h || !h->writable() || !parameter(router(), e->name(), v)) continue;
        // v * default_tickets rounded halfway away from zero, between 1 and 32768.
        double t = v * default_tickets;
        int tickets = t < 0.5 ? 1 : t >= 32768.5 ? 32768 : int(t + 0.5);
        if (h->write(std::to_string(tickets), e, errh) < 0) return -1;
    }
    return 0;
}

CLICKOS_ELEMENT(ScheduleInfo);

}  // namespace clickos
