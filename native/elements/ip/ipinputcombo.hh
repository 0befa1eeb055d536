/**
 * @element IPInputCombo
 * @synopsis IPInputCombo(COLOR [, BADSRC, keywords INTERFACES, BADSRC, GOODDST, VERBOSE, DETAILS])
 * @category IP
 * @summary the input path of an IP router (Paint, Strip, CheckIPHeader, GetIPAddress) in one element
 * @ports 1 input / 1 or 2 outputs, agnostic (output 1 push)
 *
 * Does in one element what this compound does to an Ethernet frame arriving on a router
 * interface:
 *
 *     input -> Paint(COLOR) -> Strip(14) -> CheckIPHeader(...) -> GetIPAddress(16) -> output
 *
 * so a packet gets its paint annotation set to COLOR, loses its 14-byte Ethernet header,
 * and has its IP header validated exactly as CheckIPHeader validates it (version, lengths,
 * checksum, source address; the header is marked, link padding trimmed and the
 * destination address annotation set). Packets that fail leave, already painted and
 * stripped, on output 1 if it is connected, and are dropped otherwise; they are counted
 * like CheckIPHeader counts them.
 *
 * A positional BADSRC is passed to CheckIPHeader positionally in the compound, so it
 * behaves like CheckIPHeader's deprecated BADSRC2: those addresses plus 0.0.0.0 and
 * 255.255.255.255 are bad sources. The keyword arguments mean what they mean for
 * CheckIPHeader.
 *
 * @arg COLOR byte: the paint annotation value
 * @arg BADSRC address list: bad source addresses (see above for the positional form)
 * @arg INTERFACES ADDR/PREFIX list: this router's interfaces, as for CheckIPHeader
 * @arg GOODDST address list: destinations exempt from the source check
 * @arg VERBOSE boolean: report every bad packet, not only the first (default false)
 * @arg DETAILS boolean: keep per-reason counts for the drop_details handler (default false)
 * @handler drops read: bad packets so far
 * @handler drop_details read: bad packets per reason (with DETAILS)
 * @handler color read/write: COLOR
 * @see Paint, Strip, CheckIPHeader, GetIPAddress, IPOutputCombo
 */
#pragma once
#include "drop_reasons.hh"
#include "error_output_element.hh"
#include "ip_header_check.hh"

namespace clickos {

class IPInputCombo : public ip::ErrorOutputElement<IPInputCombo> {
  public:
    IPInputCombo();
    const char* class_name() const override { return "IPInputCombo"; }
    int configure(Args& args) override;
    void add_handlers() override;

    bool process(Packet*& p) {
        p->set_paint_anno(color_);
        p->pull(14);  // clamped to the length, as Strip does
        int fault = check_.apply(p);
        if (fault < 0) return true;
        drops_.count(this, fault);
        return false;
    }

  private:
    uint8_t color_ = 0;
    ip::IPHeaderCheck check_;
    ip::DropReasons drops_;
};

}  // namespace clickos
