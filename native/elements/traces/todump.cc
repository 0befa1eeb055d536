#include "todump.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/router.hh"
#include "lang/config_args.hh"

namespace clickos {

using namespace traces;

namespace {
constexpr uint32_t whole_packet_snaplen = 262144;  // what the header says for SNAPLEN 0
constexpr unsigned pull_burst = 32;
}  // namespace

int ToDump::configure(Args& args) {
    Word encap{"ETHER"};
    std::string encap_from;
    bool extra_length = true;
    if (args.read_mp("FILENAME", filename_)
            .read("SNAPLEN", snaplen_)
            .read("ENCAP", encap)
            .read("USE_ENCAP_FROM", encap_from)
            .read("EXTRA_LENGTH", extra_length)
            .read("UNBUFFERED", unbuffered_)
            .read("NANO", nano_)
            .complete() < 0)
        return -1;
    if (args.given("ENCAP") && args.given("USE_ENCAP_FROM"))
        return args.error("give at most one of ENCAP and USE_ENCAP_FROM");
    if (!pcap::parse_encap(encap.text, linktype_))
        return args.error("ENCAP: unknown encapsulation '" + encap.text + "'");
    encap_from_ = lang::split_words(encap_from);
    if (args.given("USE_ENCAP_FROM") && encap_from_.empty())
        return args.error("USE_ENCAP_FROM: expected element names");
    return 0;
}

int ToDump::initialize(ErrorHandler* errh) {
    std::string agreed;
    for (const auto& name : encap_from_) {
        Element* e = router()->find(name, this);
        if (!e) return errh->error("USE_ENCAP_FROM: no element named '" + name + "'");
        std::string text, error;
        if (!router()->read(e->name() + ".encap", text, error))
            return errh->error("USE_ENCAP_FROM: " + name + " has no encap handler");
        while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
        if (!agreed.empty() && text != agreed)
            return errh->error("USE_ENCAP_FROM: elements disagree on the encapsulation ('" + agreed + "' and '" + text +
                               "')");
        agreed = text;
        if (!pcap::parse_encap(text, linktype_)) {
            // A link type ClickOS has no name for still has its number.
            uint32_t lt;
            std::string why;
            if (!parse_value(text, lt, why))
                return errh->error("USE_ENCAP_FROM: unknown encapsulation '" + text + "' from " + name);
            linktype_ = lt;
        }
    }
    std::string error;
    if (!file_.open(filename_, unbuffered_, error)) return errh->error(error);
    uint8_t h[pcap::file_header_size];
    pcap::encode_file_header(h, nano_, snaplen_ ? snaplen_ : whole_packet_snaplen, linktype_);
    file_.write(h, sizeof h);
    if (unbuffered_ && !file_.flush()) return errh->error(filename_ + ": write error");
    if (input_is_pull(0) && noutputs() == 0) {
        signal_ = router()->upstream_empty_signal(this, 0, &task_);
        task_.initialize(this, true);
    }
    return 0;
}

void ToDump::cleanup(CleanupStage) {
    file_.close();
}

void ToDump::write_packet(const Packet* p) {
    uint32_t len = p->length();
    uint32_t caplen = snaplen_ && len > snaplen_ ? snaplen_ : len;
    Timestamp t = p->timestamp_anno();
    if (!t) t = Timestamp::now();
    uint8_t h[pcap::record_header_size];
    pcap::encode_record_header(h, nano_, t, caplen, len);
    file_.write(h, sizeof h);
    file_.write(p->data(), caplen);
    ++count_;
}

void ToDump::push_batch(int, PacketBatch& batch) {
    for (Packet* p = batch.first(); p; p = p->next()) write_packet(p);
    if (noutputs())
        output(0).push_batch(batch);
    else
        batch.kill();
}

bool ToDump::run_task(Task*) {
    PacketBatch b = input(0).pull_batch(pull_burst);
    bool worked = !b.empty();
    for (Packet* p = b.first(); p; p = p->next()) write_packet(p);
    b.kill();
    if (worked || signal_.active()) task_.fast_reschedule();
    return worked;
}

void ToDump::add_handlers() {
    add_read_handler("count", [this](Element*) { return std::to_string(count_) + "\n"; });
    add_write_handler(
        "reset_counts",
        [this](const std::string&, Element*, ErrorHandler*) {
            count_ = 0;
            return 0;
        },
        HANDLER_BUTTON);
    add_read_handler("filename", [this](Element*) { return filename_ + "\n"; });
    add_write_handler(
        "flush",
        [this](const std::string&, Element*, ErrorHandler* errh) {
            if (!file_.flush()) return errh->error(filename_ + ": write error");
            return 0;
        },
        HANDLER_BUTTON);
    if (input_is_pull(0) && noutputs() == 0) add_task_handlers(&task_);
}

CLICKOS_ELEMENT(ToDump);

}  // namespace clickos
