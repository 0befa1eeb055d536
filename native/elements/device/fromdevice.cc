#include "fromdevice.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/ip.hh"
#include "clickos/platform.hh"
#include "clickos/router.hh"
#include "device_args.hh"
#include "netfront/attachment.hh"
#include "netfront/fromnetfront.hh"

namespace clickos {

int FromDevice::configure(Args& args) {
    bool promisc = false, sniffer = true, outbound = false;
    Word method, capture, encap;
    std::string bpf_filter;
    uint16_t protocol = 0;
    if (args.read_mp("DEVNAME", ifname_)
            .read_p("PROMISC", promisc)
            .read_p("SNAPLEN", snaplen_)
            .read("SNIFFER", sniffer)
            .read("FORCE_IP", force_ip_)
            .read("METHOD", method)
            .read("CAPTURE", capture)
            .read("BPF_FILTER", bpf_filter)
            .read("PROTOCOL", protocol)
            .read("OUTBOUND", outbound)
            .read("HEADROOM", headroom_)
            .read("ENCAP", encap)
            .read("BURST", burst_)
            .read("TIMESTAMP", timestamp_)
            .complete() < 0)
        return -1;
    if (ifname_.empty()) return args.error("DEVNAME must name an interface");
    if (snaplen_ < 14 || snaplen_ > 65535)
        return device_args::refuse(args, "SNAPLEN", "SNAPLEN must be from 14 to 65535");
    if (headroom_ > 4096) return device_args::refuse(args, "HEADROOM", "HEADROOM must be at most 4096");
    if (burst_ == 0 || burst_ > 2048) return device_args::refuse(args, "BURST", "BURST must be from 1 to 2048");
    if (!sniffer)
        return device_args::refuse(args, "SNIFFER",
                                   "SNIFFER false is not supported: it needs KernelFilter (firewall rules), which is "
                                   "not provided; the host keeps receiving the frames FromDevice reads");
    if (!bpf_filter.empty())
        return device_args::refuse(args, "BPF_FILTER",
                                   "BPF_FILTER is not supported (no pcap filter compiler); filter with Classifier or "
                                   "IPFilter after FromDevice, or select an EtherType with PROTOCOL");
    if (device_args::check_method(args, "METHOD", method.text) < 0 ||
        device_args::check_method(args, "CAPTURE", capture.text) < 0)
        return -1;
    if (!encap.text.empty() && encap.text != "ETHER")
        return device_args::refuse(args, "ENCAP", "ENCAP " + encap.text + " is not supported: only ETHER");
    options_ = platform::PacketSocketOptions{};
    options_.promiscuous = promisc;
    options_.outgoing = outbound;
    options_.protocol = protocol;
    options_.send_slots = 0;  // receives only
    return 0;
}

int FromDevice::initialize(ErrorHandler* errh) {
    std::string error;
    socket_ = platform::PacketSocket::open(ifname_, options_, error);
    if (!socket_) return errh->error(device_args::explain_open_error(ifname_, error));
    router()->add_select(socket_->fd(), platform::Poller::Read, this);
    task_.initialize(this, true);  // frames may be waiting already
    return 0;
}

void FromDevice::cleanup(CleanupStage) {
    if (socket_ && router()) router()->add_select(socket_->fd(), 0, this);
    socket_.reset();
}

bool FromDevice::mark_ip(Packet* p) {
    const uint8_t* d = p->data();
    uint32_t len = p->length();
    if (len < 14 + 20 || d[12] != 0x08 || d[13] != 0x00 || (d[14] >> 4) != 4) return false;
    uint32_t hlen = uint32_t(d[14] & 0x0f) * 4;
    if (hlen < 20 || 14 + hlen > len) return false;
    p->set_network_header(d + 14, hlen);
    return true;
}

Packet* FromDevice::make_packet(const platform::ReceivedFrame& f) const {
    uint32_t len = f.length < snaplen_ ? f.length : snaplen_;
    Packet* p = Packet::make(headroom_, f.data, len, 0);
    if (!p) return nullptr;
    p->set_mac_header(p->data());
    p->set_packet_type_anno(PacketType(uint8_t(f.type)));  // the same numbering (Linux's)
    if (timestamp_) p->set_timestamp_anno(Timestamp{f.timestamp_ns});
    return p;
}

bool FromDevice::run_task(Task*) {
    PacketBatch out, other;
    uint32_t taken = 0;
    platform::ReceivedFrame frames[64];
    while (taken < burst_) {
        uint32_t n = socket_->receive(frames, std::min<uint32_t>(burst_ - taken, 64));
        if (n == 0) break;
        taken += n;
        for (uint32_t i = 0; i < n; ++i) {
            Packet* p = make_packet(frames[i]);
            if (!p) continue;
            if (!force_ip_ || mark_ip(p))
                out.append(p);
            else if (noutputs() > 1)
                other.append(p);
            else
                p->kill();
        }
        socket_->release();  // every frame was copied out
    }
    count_ += taken;  // frames read, as Click counts them (FORCE_IP may drop some)
    if (!out.empty()) output(0).push_batch(out);
    if (!other.empty()) output(1).push_batch(other);
    // Keep going while frames wait; otherwise sleep until the socket is readable.
    if (taken == burst_ || socket_->pending()) task_.fast_reschedule();
    return taken > 0;
}

void FromDevice::selected(int, int) {
    // Ready with nothing to read: an error (the interface went down or away), which keeps
    // the descriptor ready until taken.
    if (!socket_->pending()) {
        std::string error = socket_->take_error();
        if (!error.empty()) platform::write_stderr(declaration() + ": " + error + "\n");
    }
    task_.reschedule();
}

void FromDevice::take_state(Element* old, ErrorHandler*) {
    count_ = static_cast<FromDevice*>(old)->count_;
}

void FromDevice::add_handlers() {
    add_read_handler("count", [this](Element*) { return std::to_string(count_) + "\n"; });
    add_read_handler("kernel_drops", [this](Element*) {
        return socket_ ? std::to_string(socket_->kernel_drops()) + "\n" : std::string("??\n");
    });
    add_read_handler("encap", [](Element*) { return std::string("ETHER\n"); });
    add_write_handler("reset_counts", [this](const std::string&, Element*, ErrorHandler*) {
        count_ = 0;
        return 0;
    });
    add_task_handlers(&task_);
}

namespace {
// Inside an instance, FromDevice is ClickOS's: the netfront port DEVID.
class FromDeviceNetfront final : public FromNetfront {
  public:
    const char* class_name() const override { return "FromDevice"; }
    int configure(Args& args) override {
        if (device_args::refuse_interface_keywords(
                args,
                {"PROMISC", "SNAPLEN", "SNIFFER", "FORCE_IP", "METHOD", "CAPTURE", "BPF_FILTER", "PROTOCOL", "OUTBOUND",
                 "HEADROOM", "ENCAP", "TIMESTAMP"},
                "FromDevice") < 0)
            return -1;
        return FromNetfront::configure(args);
    }
};

Element* make_from_device() {
    if (netfront::Attachment::host_gave_ports()) return new FromDeviceNetfront;
    return new FromDevice;
}

CLICKOS_ELEMENT_FACTORY(FromDevice, make_from_device);
}  // namespace

}  // namespace clickos
