#include "classifier.hh"

#include "classifier_pattern.hh"
#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "lang/config_args.hh"
#include "match_compiler.hh"
#include "output_bins.hh"

namespace clickos {

using namespace classification;

int Classifier::configure(Args& args) {
    std::vector<std::string> patterns;
    if (args.read_rest(patterns).complete() < 0) return -1;
    const auto& list = args.args();
    if (int(list.size()) != noutputs())
        return args.error(std::to_string(list.size()) + (list.size() == 1 ? " pattern" : " patterns") + " for " +
                          std::to_string(noutputs()) + (noutputs() == 1 ? " output" : " outputs") +
                          " (one pattern per output)");
    ExprBuilder b;
    std::vector<Rule> rules;
    bool ok = true;
    for (size_t i = 0; i < list.size(); ++i) {
        ExprBuilder::Id e;
        PatternError err;
        if (!parse_classifier_pattern(list[i].value, b, e, err)) {
            args.errh()->error_at(lang::advance_location(list[i].loc, list[i].value, err.position),
                                  "pattern " + std::to_string(i) + ": " + err.message);
            ok = false;
            continue;
        }
        rules.push_back({e, int(i)});
    }
    if (!ok) return -1;
    program_ = compile(b, rules);
    for (size_t i = 0; i < list.size(); ++i)
        if (!program_.can_return(int(i)))
            args.errh()->report_at(
                ErrorHandler::Severity::Warning, list[i].loc,
                "pattern " + std::to_string(i) +
                    " can never match (it contradicts itself, or earlier patterns take its packets)");
    return 0;
}

void Classifier::push_batch(int, PacketBatch& batch) {
    push_split(*this, batch, [this](const Packet* p) { return program_.match(p); });
}

void Classifier::add_handlers() {
    add_read_handler("program", [this](Element*) { return program_.unparse(); });
}

CLICKOS_ELEMENT(Classifier);

}  // namespace clickos
