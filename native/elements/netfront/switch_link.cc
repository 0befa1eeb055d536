#include "switch_link.hh"

#include "clickos/platform.hh"
#include "clickos/router.hh"

namespace clickos {

void SwitchLink::declare(Args& args) {
    args.read_mp("DEVID", devid)
        .read("SWITCH", switch_name_)
        .read("SOCKET", socket_)
        .read("SLOTS", slots_)
        .read("FRAME", frame_)
        .read("MAC", mac_)
        .read("SWITCH_BUSY", busy_);
}

int SwitchLink::check(Args& args) {
    if (devid < 0) return args.error("DEVID must not be negative");
    if (switch_name_.empty() && (!socket_.empty() || !mac_.empty() || busy_))
        return args.error("SOCKET, MAC and SWITCH_BUSY need SWITCH (the switch to attach to)");
    return 0;
}

std::shared_ptr<netfront::Attachment> SwitchLink::open(ErrorHandler* errh) {
    std::string error;
    if (switch_name_.empty()) {
        port_ = netfront::Attachment::get(devid, error);
    } else {
        netfront::AttachRequest req;
        req.socket_path = socket_.empty() ? netfront::default_switch_socket() : socket_;
        req.switch_name = switch_name_;
        req.slots = slots_;
        req.frame_size = frame_;
        req.mac = mac_;
        req.busy = busy_;
        req.name = owner_->name();
        port_ = netfront::Attachment::attach(devid, req, error);
    }
    if (!port_) {
        errh->error(error);
        return nullptr;
    }
    if (port_->lifeline() >= 0 && port_->lifeline_owner == nullptr) {
        port_->lifeline_owner = this;
        watching_ = true;
        retry_.initialize(owner_);
        owner_->router()->add_select(port_->lifeline(), platform::Poller::Read, owner_);
    }
    return port_;
}

bool SwitchLink::handle_selected(int fd) {
    if (!watching_ || !port_ || fd != port_->lifeline()) return false;
    // The switch never writes unasked: readable means it closed the connection.
    char c;
    long n = platform::recv_some(fd, &c, 1);
    if (n <= 0 && !(n < 0 && platform::would_block())) lost();
    return true;
}

void SwitchLink::lost() {
    owner_->router()->add_select(port_->lifeline(), 0, owner_);
    port_->lost_switch();
    platform::write_stderr(owner_->declaration() + ": lost the switch; reattaching port " + std::to_string(devid) +
                           "\n");
    retry_.schedule_after_msec(100);
}

void SwitchLink::on_retry(Timer*, void* self_ptr) {
    auto* self = static_cast<SwitchLink*>(self_ptr);
    std::string error;
    if (self->port_->reattach(error)) {
        self->owner_->router()->add_select(self->port_->lifeline(), platform::Poller::Read, self->owner_);
        return;
    }
    self->retry_.schedule_after_msec(100);
}

void SwitchLink::take_over(SwitchLink& old) {
    if (!old.watching_ || !port_ || old.port_ != port_ || watching_) return;
    old.close();
    port_->lifeline_owner = this;
    watching_ = true;
    retry_.initialize(owner_);
    if (port_->lifeline() >= 0)
        owner_->router()->add_select(port_->lifeline(), platform::Poller::Read, owner_);
    else
        retry_.schedule_after_msec(100);  // the old element was between switches: keep trying
}

void SwitchLink::close() {
    retry_.unschedule();
    if (watching_ && port_ && port_->lifeline() >= 0 && owner_->router())
        owner_->router()->add_select(port_->lifeline(), 0, owner_);
    if (port_ && port_->lifeline_owner == this) port_->lifeline_owner = nullptr;
    watching_ = false;
}

}  // namespace clickos
