/**
 * @element IPFilter
 * @synopsis IPFilter(ACTION_0 PATTERN_0, ..., ACTION_N-1 PATTERN_N-1)
 * @category classification
 * @summary filters IP packets with tcpdump-like rules: allow, drop or send to an output
 * @ports 1 input / any number of outputs, push
 *
 * Each argument is a rule: an ACTION, then a PATTERN in the language of IPClassifier. A
 * packet takes the action of the first rule whose pattern it matches; packets that match
 * no rule are dropped. ACTION is `allow` (output 0), `drop` or `deny` (drop the packet), or
 * an output number. As for IPClassifier, packets need a network header annotation
 * (CheckIPHeader, MarkIPHeader); those without one are dropped.
 *
 * The rules compile into one decision program whose tests are shared between rules, and
 * chains of rules testing one field against many values (many hosts, many ports) become
 * one table lookup, so a long rule list costs little more per packet than a short one.
 * A rule no packet can reach draws a warning.
 *
 * For example,
 *
 *     IPFilter(deny src net 172.16.0.0/12,
 *              allow tcp && dst port www or https,
 *              allow udp && dst port domain,
 *              1 icmp type echo,
 *              deny all)
 *
 * drops packets from 172.16/12, lets web and DNS traffic through output 0, sends pings to
 * output 1 and drops the rest.
 *
 * `deny` always drops, as in current Click (older Click sent it to output 1 when there
 * was one).
 *
 * @arg RULE_i "ACTION PATTERN": what to do with packets matching PATTERN
 * @handler program read: the compiled program (see IPClassifier); its results "[i]" are
 *   rule numbers
 * @handler config read/write: the rules; writing replaces them all at once. The new rules
 *   are compiled first: if one is bad, the error names it and the old rules stay
 * @handler counts read: per-rule counters as JSON: `{"rules":[{"rule":I,"text":RULE,
 *   "output":N or null (drop),"packets":N,"bytes":N},...],"unmatched":{"packets":N,"bytes":N}}`
 *   (unmatched: packets no rule took, dropped); a rule set written through config starts at zero
 * @handler reset_counts write: sets every counter to zero
 * @see IPClassifier, Classifier, CheckIPHeader, MarkIPHeader
 */
#pragma once
#include "ip_rules_element.hh"

namespace clickos {

class IPFilter : public IPRulesElement {
  public:
    const char* class_name() const override { return "IPFilter"; }

  protected:
    bool parse_rule(size_t index, std::string_view arg, ipfilter::RuleText& rule, std::string& message,
                    size_t& position) const override;
    bool check_count(size_t, ErrorHandler*) const override { return true; }
    const char* rule_word() const override { return "rule"; }
};

}  // namespace clickos
