// What IPClassifier and IPFilter share: a rule set compiled from the configuration, push
// paths that send each packet to its rule's output, the program handler, and a config
// write handler that replaces every rule at run time.
//
// The compiled rules live in a shared_ptr to an immutable RuleSet. Replacing them compiles
// the new set first and then swaps it in with one assignment, so a bad rule leaves the old
// set in force, and the packet path never sees a half-built set. (Handlers run on the
// router thread between batches; the batch path reads the pointer once per batch.) The
// program's results are rule numbers, so each rule has a packet and byte counter (the
// counts handler, JSON); a new rule set starts with its own counters at zero.
#pragma once
#include <cstdint>
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
    void push(int, Packet* p) override { checked_output_push(count_and_choose(*rules_, counts_.data(), p), p); }
    void push_batch(int, PacketBatch& batch) override;

    const ipfilter::RuleSet& rules() const { return *rules_; }

    struct RuleCount {
        uint64_t packets = 0;
        uint64_t bytes = 0;
        int64_t output = -1;  // the rule's output (-1: drop), kept here so one slot says all
    };
    // Per rule, then one more for packets that matched none (and were dropped).
    const std::vector<RuleCount>& counts() const { return counts_; }
    // {"rules":[{"rule":0,"text":"...","output":0 or null (drop),"packets":N,"bytes":N},...],
    //  "unmatched":{"packets":N,"bytes":N}}
    std::string counts_json() const;

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
    // Puts a newly built set in force with fresh counters (allocated here, off the packet path).
    void install(std::shared_ptr<const ipfilter::RuleSet> set, const std::vector<lang::ConfigArg>& args);

    static int count_and_choose(const ipfilter::RuleSet& rules, RuleCount* counts, const Packet* p) {
        RuleCount& c = counts[rules.rule_index(p)];
        c.packets++;
        c.bytes += p->length();
        return int(c.output);
    }

    std::shared_ptr<const ipfilter::RuleSet> rules_;
    std::vector<RuleCount> counts_;
    std::vector<std::string> rule_texts_;
    std::string config_;  // the text the rules came from
};

}  // namespace clickos
