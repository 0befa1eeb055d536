/**
 * @element IPClassifier
 * @synopsis IPClassifier(PATTERN_0, ..., PATTERN_N-1)
 * @category classification
 * @summary sends IP packets to the output of the first tcpdump-like pattern they match
 * @ports 1 input / any number of outputs (one per pattern), push
 *
 * Output i has pattern i. A packet goes to the output of the first pattern it matches, and
 * is dropped if it matches none. Patterns read the IP header at the packet's network header
 * annotation (set it with CheckIPHeader or MarkIPHeader; packets without it are dropped) and
 * the transport header at the transport header annotation, which lies after the IP header
 * and its options.
 *
 * A pattern combines primitives with `and` (`&&`, or nothing: `syn ack` means `syn and
 * ack`), `or` (`||`), `not` (`!`), parentheses and `C ? A : B` (A where C holds, else B; the
 * colon needs spaces around it). `not` binds tightest, then `and`, then `or`, then `?:`.
 * The pattern `-` (also `any`, `all`, `true`) matches every packet; `false` none.
 *
 * Primitives (DIR is `src`, `dst`, `src or dst` or `src and dst`; without it, `src or dst`):
 *
 * - `[DIR] host ADDR`: the source and/or destination address is ADDR.
 * - `[DIR] net ADDR/LEN`, `[DIR] net ADDR mask MASK`: the address is in that network (host
 *   bits of ADDR are ignored).
 * - `[DIR] [tcp | udp | sctp] port PORT`: TCP or UDP (or the one named) with that source
 *   and/or destination port. PORT is a number, a name or a range `LOW-HIGH`.
 * - `ip proto PROTO`: the protocol is PROTO, a number or name (icmp 1, igmp 2, ipip 4, tcp
 *   6, udp 17, gre 47, esp 50, ah 51, sctp 132).
 * - `ip vers N` (0-15), `ip hl N` (header length in 32-bit words, 0-15), `ip tos N`
 *   (0-255), `ip dscp N` (the upper 6 bits of TOS, 0-63), `ip len N` (total length), `ip id
 *   N`, `ip ttl N`: that header field equals N.
 * - `ip ect`: the ECN bits are not 00. `ip ce`: they are 11 (congestion experienced).
 * - `ip frag`: a fragment (more-fragments bit or a fragment offset). `ip unfrag`: not one.
 * - `tcp opt FLAG`: a TCP packet with FLAG set: fin, syn, rst, psh, ack, urg, ece, cwr.
 * - `tcp win N`: a TCP packet with that window (not scaled).
 * - `icmp type TYPE`: an ICMP packet of that type, a number or name (echo-reply 0,
 *   unreachable 3, sourcequench 4, redirect 5, echo 8, routeradvert 9, routersolicit 10,
 *   timeexceeded 11, parameterproblem 12, timestamp 13, timestamp-reply 14, inforeq 15,
 *   inforeq-reply 16, maskreq 17, maskreq-reply 18).
 * - `ip[POS:LEN] VALUE`: the LEN bytes (1-4, default 1: `ip[POS]`) at byte POS of the IP
 *   header, read as a big-endian number, equal VALUE. `transp[POS:LEN]` reads the transport
 *   header; `tcp[POS:LEN]`, `udp[...]`, `icmp[...]` (any protocol name) also need that
 *   protocol.
 *
 * Port names: echo 7, discard 9, daytime 13, chargen 19, ftp-data 20, ftp 21, ssh 22,
 * telnet 23, smtp 25, domain 53, dns 53, bootps 67, bootpc 68, tftp 69, finger 79, www 80,
 * http 80, pop3 110, sunrpc 111, auth 113, nntp 119, ntp 123, netbios-ns 137, netbios-dgm
 * 138, netbios-ssn 139, snmp 161, snmp-trap 162, irc 194, imap3 220, https 443, rip 520,
 * route 520, imaps 993, pop3s 995. Numbers may be decimal or hex (`0x1f`).
 *
 * Operators: every primitive except `tcp opt` and the flag ones (`frag`, `ect`, ...) takes
 * `==` (also `=`, the default) or `!=` before its value; those with numbers also take `<`,
 * `>`, `<=`, `>=` and `& MASK` before the operator, which compares (FIELD & MASK) instead
 * (`& MASK` with no value means `& MASK != 0`). `host` takes `& ADDRMASK`. Transport
 * primitives only hold for packets of their protocol, even with `!=`: `tcp dst port !=
 * 22` means `tcp and not dst port 22`, and `icmp type != echo` does not match UDP. With
 * DIR, `!=` negates the whole: `port != 53` means neither port is 53.
 *
 * Shortcuts: a value alone names its primitive: `tcp` is `ip proto tcp`, `www` is `port
 * www`, `syn` is `tcp opt syn`, `10.0.0.0/8` is `net 10.0.0.0/8`, `10.0.0.1` is `host
 * 10.0.0.1`, `frag` and `unfrag` are `ip frag` and `ip unfrag`. A name that means two things
 * (`echo`: a port and an ICMP type) must be written in full, unless the previous primitive
 * settles it. A number alone, or a value of the previous primitive's kind, repeats the
 * previous primitive with its direction and protocol: `src tcp port 80 or 443` is `src tcp
 * port 80 or src tcp port 443`, `dst host 10.0.0.1 or 10.0.0.2` tests two destinations.
 *
 * Port, ICMP type, TCP flag, TCP window and transport byte primitives only match first
 * fragments (fragment offset 0): later fragments carry no transport header. A packet too
 * short for the bytes a primitive reads does not match it (so it matches its negation).
 *
 * The patterns compile into one decision program of 4-byte word tests (see the program
 * handler) in which tests shared by several patterns run once per packet and chains of
 * tests of one field against many values become one table lookup, so many patterns cost
 * little more than one. A pattern no packet can reach draws a warning.
 *
 * For example, IPClassifier(10.0.0.0/24 and syn, 10.0.0.0/24 and fin ack, 10.0.0.0/24 and
 * tcp, -) sends TCP SYN packets from or to net 10.0.0.x to output 0, FIN+ACK ones to output
 * 1, other TCP packets of that net to output 2 and everything else to output 3.
 *
 * Differences from Click: `ether host` and AddressInfo names are not supported; ranges
 * (`port 1000-2000`), `ip len`, `tcp opt ece|cwr`, `http` and the protocols gre, esp, ah and
 * sctp are additions.
 *
 * @arg PATTERN_i pattern: the pattern for output i
 * @handler program read: the compiled program, one step per line ("OFFSET/VALUE%MASK" of
 *   a 4-byte word, `net+` counting from the IP header and `tr+` from the transport header;
 *   where to go when it matches and when not: a step, a pattern number "[i]" or "drop"),
 *   then the chains of steps that run as one table lookup
 * @handler config read/write: the patterns; writing replaces them all at once (a bad
 *   pattern is reported and the old ones stay)
 * @handler counts read: per-pattern counters as JSON (see IPFilter); "rule" is the pattern number
 * @handler reset_counts write: sets every counter to zero
 * @see IPFilter, Classifier, CheckIPHeader, MarkIPHeader
 */
#pragma once
#include "ip_rules_element.hh"

namespace clickos {

class IPClassifier : public IPRulesElement {
  public:
    const char* class_name() const override { return "IPClassifier"; }

  protected:
    bool parse_rule(size_t index, std::string_view arg, ipfilter::RuleText& rule, std::string& message,
                    size_t& position) const override;
    bool check_count(size_t nrules, ErrorHandler* errh) const override;
    const char* rule_word() const override { return "pattern"; }
};

}  // namespace clickos
