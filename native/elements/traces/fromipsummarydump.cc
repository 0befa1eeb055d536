#include "fromipsummarydump.hh"

#include "clickos/element_class.hh"
#include "clickos/router.hh"
#include "lang/config_args.hh"

namespace clickos {

using namespace traces;

int FromIPSummaryDump::configure(Args& args) {
    RawArg contents, fields;  // raw: quoted names keep their spaces
    bool zero = true, checksum = false;
    read_source_keywords(args.read_mp("FILENAME", filename_))
        .read("CONTENTS", contents)
        .read("FIELDS", fields)
        .read("PROTO", build_.default_proto)
        .read("CHECKSUM", checksum)
        .read("MULTIPACKET", multipacket_)
        .read("ZERO", zero)
        .read("ALLOW_NONEXISTENT", allow_nonexistent_);
    if (args.complete() < 0 || check_source_keywords(args) < 0) return -1;
    if (args.given("CONTENTS") && args.given("FIELDS")) return args.error("give at most one of CONTENTS and FIELDS");
    build_.transport_checksums = checksum;
    std::string error;
    if (!ipsum::parse_field_list(args.given("FIELDS") ? fields.text : contents.text, fields_, error))
        return args.error((args.given("FIELDS") ? "FIELDS: " : "CONTENTS: ") + error);
    return 0;
}

int FromIPSummaryDump::initialize(ErrorHandler* errh) {
    std::string error;
    if (!file_.open(filename_, error) && !allow_nonexistent_) return errh->error(error);
    initialize_source();
    return 0;
}

void FromIPSummaryDump::cleanup(CleanupStage stage) {
    if (repeat_) repeat_->kill();
    repeat_ = nullptr;
    file_.close();
    TraceSource::cleanup(stage);
}

void FromIPSummaryDump::warn_once(bool& warned, const std::string& message) {
    if (warned) return;
    warned = true;
    runtime_error(filename_ + ":" + std::to_string(line_number_) + ": " + message);
}

// '!' lines describe the dump; only !data matters here.
void FromIPSummaryDump::bang_line() {
    if (line_.compare(0, 6, "!data ") != 0 && line_ != "!data") {
        if (line_.compare(0, 7, "!binary") == 0) {
            runtime_error(filename_ + ":" + std::to_string(line_number_) +
                          ": binary IP summary dumps are not supported");
            file_.close();
        }
        return;
    }
    fields_.clear();
    for (const auto& quoted : lang::split_words(line_.substr(5))) {
        std::string word = lang::unquote(quoted);
        ipsum::Field f;
        if (!ipsum::parse_field(word, f)) {
            warn_once(warned_unknown_, "ignoring unknown field '" + word + "'");
            f = ipsum::Field::Unknown;
        }
        fields_.push_back(f);
    }
}

Packet* FromIPSummaryDump::parse_line() {
    if (fields_.empty()) {
        warn_once(warned_no_fields_, "no '!data' line or CONTENTS: the fields are unknown");
        return nullptr;
    }
    words_.clear();
    std::string_view rest(line_);
    while (!rest.empty()) {
        size_t b = rest.find_first_not_of(" \t");
        if (b == std::string_view::npos) break;
        rest.remove_prefix(b);
        size_t e = rest.find_first_of(" \t");
        words_.push_back(rest.substr(0, e));
        rest.remove_prefix(e == std::string_view::npos ? rest.size() : e);
    }
    if (words_.empty()) return nullptr;  // a line of blanks
    ipsum::Record r;
    size_t n = words_.size() < fields_.size() ? words_.size() : fields_.size();
    for (size_t i = 0; i < n; ++i)
        if (!ipsum::read_field(fields_[i], words_[i], r)) {
            warn_once(warned_bad_, std::string("skipping line: bad ") + ipsum::field_name(fields_[i]) + " '" +
                                       std::string(words_[i]) + "'");
            return nullptr;
        }
    Packet* p = ipsum::build_packet(r, build_);
    if (p && multipacket_ && (r.has & ipsum::Record::HasCount)) {
        if (r.count == 0) {
            p->kill();
            return nullptr;
        }
        if (r.count > 1 && (repeat_ = p->clone())) repeat_left_ = r.count - 1;
    }
    return p;
}

Packet* FromIPSummaryDump::read_next() {
    if (repeat_) {
        Packet* p = repeat_left_ > 1 ? repeat_->clone() : repeat_;
        if (!p) repeat_->kill();  // out of memory: give up on the rest of the line
        if (!p || --repeat_left_ == 0) repeat_ = nullptr;
        if (p) return p;
    }
    while (file_.is_open() && file_.read_line(line_)) {
        ++line_number_;
        if (line_.empty() || line_[0] == '#') continue;
        if (line_[0] == '!') {
            bang_line();
            continue;
        }
        if (Packet* p = parse_line()) return p;
    }
    return nullptr;
}

void FromIPSummaryDump::add_handlers() {
    add_source_handlers();
    add_read_handler("encap", [](Element*) { return std::string("IP\n"); });
    add_read_handler("filename", [this](Element*) { return filename_ + "\n"; });
    add_read_handler("filepos", [this](Element*) { return std::to_string(file_.position()) + "\n"; });
    add_write_handler(
        "stop",
        [this](const std::string&, Element*, ErrorHandler*) {
            set_active(false);
            router()->please_stop();
            return 0;
        },
        HANDLER_BUTTON);
}

CLICKOS_ELEMENT(FromIPSummaryDump);

}  // namespace clickos
