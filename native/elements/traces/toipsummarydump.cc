#include "toipsummarydump.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/router.hh"

namespace clickos {

using namespace traces;

namespace {
constexpr unsigned pull_burst = 32;
}

int ToIPSummaryDump::configure(Args& args) {
    RawArg fields{"ip_src ip_dst"}, contents;  // raw: quoted names keep their spaces
    bool binary = false, multipacket = false, extra_length = true;
    if (args.read_mp("FILENAME", filename_)
            .read("FIELDS", fields)
            .read("CONTENTS", contents)
            .read("HEADER", header_)
            .read("VERBOSE", verbose_)
            .read("BANNER", banner_)
            .read("CAREFUL_TRUNC", careful_trunc_)
            .read("BINARY", binary)
            .read("MULTIPACKET", multipacket)
            .read("EXTRA_LENGTH", extra_length)
            .complete() < 0)
        return -1;
    if (args.given("FIELDS") && args.given("CONTENTS")) return args.error("give at most one of FIELDS and CONTENTS");
    if (binary) return args.error("BINARY true is not supported: ClickOS writes text dumps");
    have_banner_ = args.given("BANNER");
    std::string error;
    bool use_contents = args.given("CONTENTS");
    if (!ipsum::parse_field_list(use_contents ? contents.text : fields.text, fields_, error))
        return args.error((use_contents ? "CONTENTS: " : "FIELDS: ") + error);
    if (fields_.empty()) return args.error("FIELDS: no fields");
    return 0;
}

int ToIPSummaryDump::initialize(ErrorHandler* errh) {
    std::string error;
    if (!file_.open(filename_, false, error)) return errh->error(error);
    if (header_) {
        std::string h = "!IPSummaryDump 1.3\n";
        if (have_banner_) h += "!creator \"" + banner_ + "\"\n";
        if (verbose_) h += "!runtime " + Timestamp::now().str() + "\n";
        h += "!data " + ipsum::field_list_str(fields_) + "\n";
        file_.write(h);
    }
    if (input_is_pull(0)) {
        signal_ = router()->upstream_empty_signal(this, 0, &task_);
        task_.initialize(this, true);
    }
    return 0;
}

void ToIPSummaryDump::cleanup(CleanupStage) {
    file_.close();
}

void ToIPSummaryDump::write_packet(const Packet* p) {
    ipfields::IPView v = ipsum::ip_view(p);
    line_.clear();
    if (careful_trunc_ && v.ip && v.length() > v.avail) line_ = "!bad truncated IP length\n";
    for (size_t i = 0; i < fields_.size(); ++i) {
        if (i) line_ += ' ';
        ipsum::write_field(fields_[i], p, v, line_);
    }
    line_ += '\n';
    file_.write(line_);
    ++count_;
}

void ToIPSummaryDump::push_batch(int, PacketBatch& batch) {
    for (Packet* p = batch.first(); p; p = p->next()) write_packet(p);
    if (noutputs())
        output(0).push_batch(batch);
    else
        batch.kill();
}

bool ToIPSummaryDump::run_task(Task*) {
    PacketBatch b = input(0).pull_batch(pull_burst);
    bool worked = !b.empty();
    for (Packet* p = b.first(); p; p = p->next()) write_packet(p);
    if (noutputs())
        output(0).push_batch(b);
    else
        b.kill();
    if (worked || signal_.active()) task_.fast_reschedule();
    return worked;
}

void ToIPSummaryDump::add_handlers() {
    add_read_handler("count", [this](Element*) { return std::to_string(count_) + "\n"; });
    add_read_handler("filename", [this](Element*) { return filename_ + "\n"; });
    add_write_handler(
        "flush",
        [this](const std::string&, Element*, ErrorHandler* errh) {
            if (!file_.flush()) return errh->error(filename_ + ": write error");
            return 0;
        },
        HANDLER_BUTTON);
    if (input_is_pull(0)) add_task_handlers(&task_);
}

CLICKOS_ELEMENT(ToIPSummaryDump);

}  // namespace clickos
