// What IPClassifier and IPFilter share: a rule set compiled from the configuration, push
// paths that send each packet to its rule's output, the program handler, and a config
// write handler that replaces every rule at run time.
//
// The compiled rules live in a shared_ptr to an immutable RuleSet. Replacing them compiles
// the new set first and then swaps it in with one assignment, so a bad rule leaves the old
// set in force, and the packet path never sees a half-built set. (Handlers run on the
// router thread between batches; the batch path reads the pointer once per batch.) A
// future per-rule "rules" handler or per-rule counters plug in the same way: the program's
// results are rule numbers.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "clickos/element.hh"
#include "lang/config_args.hh"
#include "rule_set.hh"

namespace clickos {

class IPRulesElement : public Element {
  public:
    const char* port_count() const override { return "1/-"; }
    const char* processing() const override { return "h/h"; }
    int configure(Args& args) override;
    void add_handlers() override;
    void push(int, Packet* p) override { checked_output_push(rules_->output_of(p), p); }
    void push_batch(int, PacketBatch& batch) override;

    const ipfilter::RuleSet& rules() const { return *rules_; }

  protected:
    // What each configuration argument says: its pattern (a view into `arg`) and output.
    // False with `message` and `position` (a byte offset in `arg`) if it is malformed.
    virtual bool parse_rule(size_t index, std::string_view arg, ipfilter::RuleText& rule, std::string& message,
                            size_t& position) const = 0;
    // Checks the number of rules against the outputs; false after reporting through errh.
    virtual bool check_count(size_t nrules, ErrorHandler* errh) const = 0;
    // What messages call an argument: "pattern" ("pattern 2: ..."), "rule".
    virtual const char* rule_word() const = 0;

  private:
    // The rule set for `args`, or null after reporting every problem at its location.
    std::shared_ptr<const ipfilter::RuleSet> build(const std::vector<lang::ConfigArg>& args, ErrorHandler* errh) const;
    int write_config(const std::string& value, ErrorHandler* errh);

    std::shared_ptr<const ipfilter::RuleSet> rules_;
    std::string config_;  // the text the rules came from
};

}  // namespace clickos
