#include "aggregatecounter.hh"

#include <algorithm>
#include <cstring>
#include <vector>

#include "argument.hh"
#include "clickos/addresses.hh"
#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/ip.hh"
#include "clickos/platform.hh"
#include "clickos/router.hh"
#include "lang/config_args.hh"

namespace clickos {

namespace {
enum Format { text, ip_text, packed };
}

std::string AggregateCounter::Trigger::describe() const {
    return kind == Kind::call ? std::to_string(limit) + " " + call : "";
}

// "N HANDLER [VALUE]".
int AggregateCounter::parse_call(const std::string& text, Trigger& t, std::string& why) {
    std::string s = text;
    size_t a = s.find_first_not_of(" \t\n");
    size_t b = a == std::string::npos ? a : s.find_first_of(" \t\n", a);
    uint64_t n;
    if (a == std::string::npos || b == std::string::npos || !parse_value(s.substr(a, b - a), n, why) ||
        s.find_first_not_of(" \t\n", b) == std::string::npos) {
        why = "expected 'N HANDLER [VALUE]'";
        return -1;
    }
    t.kind = Trigger::Kind::call;
    t.limit = n;
    t.call = s.substr(s.find_first_not_of(" \t\n", b));
    while (!t.call.empty() && (t.call.back() == ' ' || t.call.back() == '\n')) t.call.pop_back();
    t.fired = false;
    return 0;
}

int AggregateCounter::configure(Args& args) {
    bool multipacket = true, extra_length = true;
    uint32_t agg_stop = 0, agg_freeze = 0;
    uint64_t count_stop = 0, count_freeze = 0;
    std::string agg_call, count_call;
    if (args.read("BYTES", bytes_)
            .read("IP_BYTES", ip_bytes_)
            .read("MULTIPACKET", multipacket)
            .read("EXTRA_LENGTH", extra_length)
            .read("AGGREGATE_STOP", agg_stop)
            .read("AGGREGATE_FREEZE", agg_freeze)
            .read("AGGREGATE_CALL", agg_call)
            .read("COUNT_STOP", count_stop)
            .read("COUNT_FREEZE", count_freeze)
            .read("COUNT_CALL", count_call)
            .read("BANNER", banner_)
            .complete() < 0)
        return -1;
    auto configure_trigger = [&](Trigger& t, const char* stop, const char* freeze, const char* call, uint64_t stop_n,
                                 uint64_t freeze_n, const std::string& call_text) -> int {
        int given = args.given(stop) + args.given(freeze) + args.given(call);
        if (given > 1) return args.error(std::string("give at most one of ") + stop + ", " + freeze + " and " + call);
        if (args.given(stop)) t.kind = Trigger::Kind::stop, t.limit = stop_n;
        if (args.given(freeze)) t.kind = Trigger::Kind::freeze, t.limit = freeze_n;
        std::string why;
        if (args.given(call) && parse_call(call_text, t, why) < 0)
            return analysis::error_at(args, call, -1, std::string(call) + ": " + why);
        return 0;
    };
    if (configure_trigger(aggregate_trigger_, "AGGREGATE_STOP", "AGGREGATE_FREEZE", "AGGREGATE_CALL", agg_stop,
                          agg_freeze, agg_call) < 0 ||
        configure_trigger(count_trigger_, "COUNT_STOP", "COUNT_FREEZE", "COUNT_CALL", count_stop, count_freeze,
                          count_call) < 0)
        return -1;
    return 0;
}

void AggregateCounter::fire(Trigger& t) {
    t.fired = true;
    switch (t.kind) {
        case Trigger::Kind::stop: router()->please_stop(); break;
        case Trigger::Kind::freeze: frozen_ = true; break;
        case Trigger::Kind::call: {
            std::string error;
            router()->call_from(this, t.call, error);
            break;
        }
        case Trigger::Kind::none: break;
    }
}

bool AggregateCounter::count(Packet* p, bool frozen) {
    if (!active_) return false;
    uint32_t agg;
    std::memcpy(&agg, p->anno() + anno::aggregate, 4);
    uint32_t amount = 1;
    if (bytes_) {
        amount = p->length();
        if (ip_bytes_ && p->has_network_header()) {
            int off = p->network_header_offset();
            amount = off >= 0 && uint32_t(off) <= p->length() ? p->length() - uint32_t(off) : 0;
        }
    }
    uint32_t* c;
    if (frozen) {
        if (!(c = counts_.find(agg))) return false;
    } else {
        bool inserted;
        c = &counts_.get(agg, inserted);
    }
    if (*c == 0 && amount != 0) ++nonzero_;
    *c += amount;
    total_ += amount;
    if (__builtin_expect(aggregate_trigger_.kind != Trigger::Kind::none, 0) && !aggregate_trigger_.fired &&
        nonzero_ >= aggregate_trigger_.limit)
        fire(aggregate_trigger_);
    if (__builtin_expect(count_trigger_.kind != Trigger::Kind::none, 0) && !count_trigger_.fired &&
        total_ >= count_trigger_.limit)
        fire(count_trigger_);
    return true;
}

void AggregateCounter::push(int port, Packet* p) {
    bool counted = count(p, port == 1 || frozen_);
    if (counted || noutputs() == 1)
        output(0).push(p);
    else
        output(1).push(p);
}

Packet* AggregateCounter::pull(int port) {
    if (port != 0) return nullptr;
    Packet* p = input(0).pull();
    if (p) count(p, frozen_);
    return p;
}

int AggregateCounter::write_counts(const std::string& filename, int format, ErrorHandler* errh) const {
    std::vector<std::pair<uint32_t, uint32_t>> rows;
    counts_.for_each([&](uint32_t a, uint32_t c) {
        if (c) rows.emplace_back(a, c);
    });
    std::sort(rows.begin(), rows.end());
    std::string out = "!IPAggregate 1.0\n" + banner_;
    if (!banner_.empty() && banner_.back() != '\n') out += '\n';
    out += "!num_nonzero " + std::to_string(nonzero_) + "\n";
    if (format == packed) {
        uint16_t probe = 1;
        out += *reinterpret_cast<uint8_t*>(&probe) ? "!packed_le\n" : "!packed_be\n";
        for (auto [a, c] : rows) {
            out.append(reinterpret_cast<const char*>(&a), 4);
            out.append(reinterpret_cast<const char*>(&c), 4);
        }
    } else {
        if (format == ip_text) out += "!ip\n";
        for (auto [a, c] : rows)
            out += (format == ip_text ? IPAddress{htonl(a)}.str() : std::to_string(a)) + " " + std::to_string(c) + "\n";
    }
    if (filename == "-") {
        platform::write_stdout(out);
        return 0;
    }
    std::string error;
    int fd = platform::open_file_write(filename, false, error);
    if (fd < 0) return errh->error(error);  // names the file already
    bool ok = platform::write_fd_all(fd, out.data(), out.size());
    platform::close_fd(fd);
    return ok ? 0 : errh->error(filename + ": " + platform::last_error());
}

void AggregateCounter::add_handlers() {
    auto file_handler = [this](const char* name, int format) {
        add_write_handler(name, [this, format, name](const std::string& v, Element*, ErrorHandler* errh) {
            std::vector<std::string> words = lang::split_words(v);
            if (words.size() != 1) return errh->error(std::string(name) + ": expected a file name or '-'");
            return write_counts(words[0], format, errh);
        });
    };
    file_handler("write_text_file", text);
    file_handler("write_ip_file", ip_text);
    file_handler("write_file", packed);
    auto flag = [this](const char* name, bool AggregateCounter::*field) {
        add_read_handler(name, [this, field](Element*) { return std::string(this->*field ? "true\n" : "false\n"); });
        add_write_handler(name, [this, field, name](const std::string& v, Element*, ErrorHandler* errh) {
            bool b;
            std::string why;
            if (!parse_value(v, b, why)) return errh->error(std::string(name) + ": " + why);
            this->*field = b;
            return 0;
        });
    };
    flag("freeze", &AggregateCounter::frozen_);
    flag("active", &AggregateCounter::active_);
    add_write_handler(
        "stop",
        [this](const std::string&, Element*, ErrorHandler*) {
            active_ = false;
            router()->please_stop();
            return 0;
        },
        HANDLER_BUTTON);
    add_write_handler(
        "counts_pdf",
        [this](const std::string&, Element*, ErrorHandler*) {
            analysis::FlatMap<uint32_t, uint32_t, U32Hash> pdf;
            counts_.for_each([&](uint32_t, uint32_t c) {
                if (!c) return;
                bool inserted;
                ++pdf.get(c, inserted);
            });
            counts_ = pdf;
            nonzero_ = uint32_t(counts_.size());
            return 0;
        },
        HANDLER_BUTTON);
    add_write_handler(
        "clear",
        [this](const std::string&, Element*, ErrorHandler*) {
            counts_.clear();
            nonzero_ = 0;
            total_ = 0;
            aggregate_trigger_.fired = count_trigger_.fired = false;
            return 0;
        },
        HANDLER_BUTTON);
    add_read_handler("banner", [this](Element*) { return banner_; });
    add_write_handler("banner", [this](const std::string& v, Element*, ErrorHandler*) {
        banner_ = v;
        return 0;
    });
    auto call_handler = [this](const char* name, Trigger AggregateCounter::*field) {
        add_read_handler(name, [this, field](Element*) {
            std::string d = (this->*field).describe();
            return d.empty() ? d : d + "\n";
        });
        add_write_handler(name, [this, field, name](const std::string& v, Element*, ErrorHandler* errh) {
            Trigger t;
            std::string why;
            if (v.find_first_not_of(" \t\n") == std::string::npos) {
                this->*field = Trigger{};
                return 0;
            }
            if (parse_call(v, t, why) < 0) return errh->error(std::string(name) + ": " + why);
            this->*field = t;
            return 0;
        });
    };
    call_handler("aggregate_call", &AggregateCounter::aggregate_trigger_);
    call_handler("count_call", &AggregateCounter::count_trigger_);
    add_read_handler("nagg", [this](Element*) { return std::to_string(nonzero_) + "\n"; });
}

CLICKOS_ELEMENT(AggregateCounter);

}  // namespace clickos
