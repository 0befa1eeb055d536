#include "todevice.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/platform.hh"
#include "clickos/router.hh"
#include "device_args.hh"
#include "netfront/attachment.hh"
#include "netfront/tonetfront.hh"

namespace clickos {

namespace {
constexpr uint64_t max_printed_errors = 10;
}

int ToDevice::configure(Args& args) {
    Word method;
    if (args.read_mp("DEVNAME", ifname_)
            .read("BURST", burst_)
            .read("METHOD", method)
            .read("QUIET", quiet_)
            .read("DEBUG", debug_)
            .complete() < 0)
        return -1;
    if (ifname_.empty()) return args.error("DEVNAME must name an interface");
    if (burst_ == 0 || burst_ > 1024) return device_args::refuse(args, "BURST", "BURST must be from 1 to 1024");
    return device_args::check_method(args, "METHOD", method.text);
}

int ToDevice::initialize(ErrorHandler* errh) {
    platform::PacketSocketOptions o;
    o.receive = false;
    std::string error;
    socket_ = platform::PacketSocket::open(ifname_, o, error);
    if (!socket_) return errh->error(device_args::explain_open_error(ifname_, error));
    timer_.initialize(this);
    if (input_is_pull(0)) {
        signal_ = router()->upstream_empty_signal(this, 0, &task_);
        task_.initialize(this, true);
    }
    return 0;
}

void ToDevice::cleanup(CleanupStage) {
    timer_.unschedule();
    if (watching_write_ && socket_ && router()) router()->add_select(socket_->fd(), 0, this);
    watching_write_ = false;
    held_.kill();
    socket_.reset();
}

void ToDevice::refused(Packet* p, const std::string& why) {
    ++drops_;
    if (!why.empty() && !quiet_ && errors_printed_ < max_printed_errors) {
        ++errors_printed_;
        platform::write_stderr(declaration() + ": " + why +
                               (errors_printed_ == max_printed_errors ? " (further errors not shown)\n" : "\n"));
    }
    checked_output_push(1, p);
}

uint32_t ToDevice::send(PacketBatch& batch) {
    constexpr uint32_t chunk = platform::PacketSocket::max_send_batch;
    PacketBatch sent_batch;
    uint32_t total = 0;
    while (!batch.empty()) {
        const uint8_t* data[chunk];
        uint32_t lengths[chunk];
        uint32_t k = 0;
        for (Packet* p = batch.first(); p && k < chunk; p = p->next(), ++k) {
            data[k] = p->data();
            lengths[k] = p->length();
        }
        uint32_t sent = socket_->send(data, lengths, k);
        for (uint32_t i = 0; i < sent; ++i) sent_batch.append(batch.pop_front());
        total += sent;
        if (sent == k) continue;
        if (socket_->send_status() == platform::PacketSocket::SendStatus::Full) break;
        refused(batch.pop_front(), socket_->send_error());  // this frame failed; the next ones may not
    }
    count_ += total;
    if (sent_batch.empty()) return total;
    if (noutputs() > 0)
        output(0).push_batch(sent_batch);
    else
        sent_batch.kill();
    return total;
}

void ToDevice::push(int, Packet* p) {
    PacketBatch b(p);
    push_batch(0, b);
}

void ToDevice::push_batch(int, PacketBatch& batch) {
    send(batch);
    // Pushed frames cannot wait: a full queue refuses them.
    while (Packet* p = batch.pop_front()) refused(p, "");
}

void ToDevice::wait_for_room() {
    if (backoff_us_ == 0) {
        // First try: the socket says when it has room again.
        backoff_us_ = 1;
        watching_write_ = true;
        router()->add_select(socket_->fd(), platform::Poller::Write, this);
        return;
    }
    // Writable but still full (the device's queue, not the socket's): back off.
    if (debug_)
        platform::write_stderr(declaration() + ": queue full, backing off for " + std::to_string(backoff_us_) +
                               " us\n");
    timer_.schedule_after(Timestamp::from_usec(backoff_us_));
    if (backoff_us_ < 256) backoff_us_ *= 2;
}

bool ToDevice::run_task(Task*) {
    if (watching_write_ || timer_.scheduled()) return false;  // waiting for room
    uint32_t sent = 0;
    if (!held_.empty()) {
        sent = send(held_);
        if (!held_.empty()) {
            wait_for_room();
            return sent > 0;
        }
        backoff_us_ = 0;
    }
    ++pulls_;
    PacketBatch batch = input(0).pull_batch(burst_);
    bool got = !batch.empty();
    if (got) {
        sent += send(batch);
        if (!batch.empty()) {
            held_.append(batch);
            wait_for_room();
            return true;
        }
        backoff_us_ = 0;
    }
    if (got || signal_.active()) task_.fast_reschedule();
    return got || sent > 0;
}

void ToDevice::run_timer(Timer*) {
    task_.reschedule();
}

void ToDevice::selected(int fd, int) {
    std::string error = socket_->take_error();  // else the descriptor stays ready
    if (!error.empty() && !quiet_) platform::write_stderr(declaration() + ": " + error + "\n");
    if (watching_write_) {
        router()->add_select(fd, 0, this);
        watching_write_ = false;
    }
    task_.reschedule();
}

void ToDevice::take_state(Element* old, ErrorHandler*) {
    auto* o = static_cast<ToDevice*>(old);
    count_ = o->count_;
    drops_ = o->drops_;
    pulls_ = o->pulls_;
}

void ToDevice::add_handlers() {
    auto number = [](const uint64_t& v) { return [&v](Element*) { return std::to_string(v) + "\n"; }; };
    add_read_handler("count", number(count_));
    add_read_handler("drops", number(drops_));
    add_read_handler("pulls", number(pulls_));
    add_read_handler("signal", [this](Element*) {
        return std::string(input_is_pull(0) && signal_.active() ? "true\n" : "false\n");
    });
    add_read_handler("q", [this](Element*) { return std::string(held_.empty() ? "false\n" : "true\n"); });
    add_read_handler("debug", [this](Element*) { return std::string(debug_ ? "true\n" : "false\n"); });
    add_write_handler("debug", [this](const std::string& v, Element*, ErrorHandler* errh) {
        bool d;
        std::string why;
        if (!parse_value(v, d, why)) return errh->error("debug: " + why);
        debug_ = d;
        return 0;
    });
    add_write_handler("reset_counts", [this](const std::string&, Element*, ErrorHandler*) {
        count_ = drops_ = pulls_ = 0;
        return 0;
    });
    if (input_is_pull(0)) add_task_handlers(&task_);
}

namespace {
// Inside an instance, ToDevice is ClickOS's: the netfront port DEVID.
class ToDeviceNetfront final : public ToNetfront {
  public:
    const char* class_name() const override { return "ToDevice"; }
    int configure(Args& args) override {
        if (device_args::refuse_interface_keywords(args, {"METHOD", "QUIET", "DEBUG"}, "ToDevice") < 0) return -1;
        return ToNetfront::configure(args);
    }
};

Element* make_to_device() {
    if (netfront::Attachment::host_gave_ports()) return new ToDeviceNetfront;
    return new ToDevice;
}

CLICKOS_ELEMENT_FACTORY(ToDevice, make_to_device);
}  // namespace

}  // namespace clickos
