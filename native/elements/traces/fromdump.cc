#include "fromdump.hh"

#include "clickos/element_class.hh"
#include "ip_fields.hh"
#include "trace_time.hh"

namespace clickos {

using namespace traces;

namespace {
constexpr uint32_t max_caplen = 262144;  // libpcap's largest snap length
}

int FromDump::configure(Args& args) {
    TraceTime start, end;
    Seconds start_after, end_after, interval;
    bool mmap = false;
    read_source_keywords(args.read_mp("FILENAME", filename_))
        .read("FORCE_IP", force_ip_)
        .read("START", start)
        .read("START_AFTER", start_after)
        .read("END", end)
        .read("END_AFTER", end_after)
        .read("INTERVAL", interval)
        .read("MMAP", mmap);
    if (args.complete() < 0 || check_source_keywords(args) < 0) return -1;
    if (args.given("START") && args.given("START_AFTER"))
        return args.error("give at most one of START and START_AFTER");
    int ends = int(args.given("END")) + int(args.given("END_AFTER")) + int(args.given("INTERVAL"));
    if (ends > 1) return args.error("give at most one of END, END_AFTER and INTERVAL");
    if (args.given("START")) start_kind_ = Anchor::Absolute, start_arg_ = start.value;
    if (args.given("START_AFTER")) start_kind_ = Anchor::FileStart, start_arg_ = start_after.value;
    if (args.given("END")) end_kind_ = Anchor::Absolute, end_arg_ = end.value;
    if (args.given("END_AFTER")) end_kind_ = Anchor::FileStart, end_arg_ = end_after.value;
    if (args.given("INTERVAL")) end_kind_ = Anchor::FirstOutput, end_arg_ = interval.value;
    return 0;
}

int FromDump::initialize(ErrorHandler* errh) {
    std::string error;
    if (!file_.open(filename_, error)) return errh->error(error);
    uint8_t h[pcap::file_header_size];
    size_t got = file_.read(h, sizeof h);
    if (got < sizeof h)
        return errh->error(filename_ + ": not a tcpdump file (" +
                           (got == 0 ? std::string("empty") : "only " + std::to_string(got) + " bytes") + ")");
    if (!pcap::decode_file_header(h, header_, error)) return errh->error(filename_ + ": " + error);
    if (start_kind_ == Anchor::Absolute) start_time_ = start_arg_, have_start_ = true;
    if (end_kind_ == Anchor::Absolute) end_time_ = end_arg_, have_end_ = true;
    initialize_source();
    return 0;
}

void FromDump::cleanup(CleanupStage stage) {
    if (held_) held_->kill();
    held_ = nullptr;
    file_.close();
    TraceSource::cleanup(stage);
}

Packet* FromDump::read_record() {
    uint64_t pos = file_.position();
    uint8_t h[pcap::record_header_size + 8];
    size_t got = file_.read(h, header_.record_header);
    if (got == 0 && !file_.failed()) return nullptr;  // a clean end
    if (got < header_.record_header) {
        runtime_error(filename_ + ": " + (file_.failed() ? "read error" : "truncated packet header") +
                      " at file position " + std::to_string(pos));
        return nullptr;
    }
    pcap::RecordHeader rec;
    pcap::decode_record_header(h, header_, rec);
    if (rec.caplen > max_caplen) {
        runtime_error(filename_ + ": corrupt packet header at file position " + std::to_string(pos) +
                      " (capture length " + std::to_string(rec.caplen) + ")");
        return nullptr;
    }
    Packet* p = Packet::make(Packet::default_headroom, nullptr, rec.caplen, 0);
    if (!p) {
        runtime_error("out of memory");
        return nullptr;
    }
    got = file_.read(p->mutable_data(), rec.caplen);
    if (got < rec.caplen) {
        runtime_error(filename_ + ": truncated packet at file position " + std::to_string(pos) + " (" +
                      std::to_string(got) + " of " + std::to_string(rec.caplen) + " bytes)");
        p->kill();
        return nullptr;
    }
    packet_filepos_ = pos;
    p->set_timestamp_anno(rec.timestamp);
    const uint8_t* d = p->data();
    if (header_.linktype != pcap::linktype::raw && header_.linktype != pcap::linktype::ipv4) p->set_mac_header(d);
    int off = pcap::ip_header_offset(header_.linktype, d, rec.caplen);
    if (off >= 0) {
        auto v = ipfields::IPView::of(d + off, rec.caplen - uint32_t(off));
        if (v.ip) p->set_network_header(v.ip, v.header_len);
    }
    return p;
}

bool FromDump::in_window(Packet* p) {
    Timestamp t = p->timestamp_anno();
    if (!saw_first_) {
        saw_first_ = true;
        if (start_kind_ == Anchor::FileStart) start_time_ = t + start_arg_, have_start_ = true;
        if (end_kind_ == Anchor::FileStart) end_time_ = t + end_arg_, have_end_ = true;
    }
    if (have_start_ && t < start_time_) return false;
    if (!emitted_first_) {
        emitted_first_ = true;
        if (end_kind_ == Anchor::FirstOutput) end_time_ = t + end_arg_, have_end_ = true;
    }
    return true;
}

Packet* FromDump::read_next() {
    for (;;) {
        Packet* p = held_;
        held_ = nullptr;
        if (!p) {
            p = read_record();
            if (!p) return nullptr;
            if (!in_window(p)) {
                p->kill();
                continue;
            }
        }
        if (have_end_ && p->timestamp_anno() >= end_time_) {
            held_ = p;
            return nullptr;
        }
        return p;
    }
}

int FromDump::classify(Packet* p) {
    if (!force_ip_) return 0;
    return p->has_network_header() ? 0 : 1;
}

void FromDump::add_handlers() {
    add_source_handlers();
    add_read_handler("encap", [this](Element*) { return pcap::encap_name(header_.linktype) + "\n"; });
    add_read_handler("filename", [this](Element*) { return filename_ + "\n"; });
    add_read_handler("filepos", [this](Element*) { return std::to_string(file_.position()) + "\n"; });
    add_read_handler("packet_filepos", [this](Element*) { return std::to_string(packet_filepos_) + "\n"; });
    add_write_handler("extend_interval", [this](const std::string& v, Element*, ErrorHandler* errh) {
        Seconds t;
        std::string why;
        if (!parse_value(v, t, why)) return errh->error("extend_interval: " + why);
        if (have_end_) end_time_ = end_time_ + t.value;
        resume();
        return 0;
    });
}

CLICKOS_ELEMENT(FromDump);

}  // namespace clickos
