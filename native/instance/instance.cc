#include "instance.hh"

#include <csignal>

#include "clickos/platform.hh"

namespace clickos::instance {

namespace {
volatile std::sig_atomic_t stop_flag = 0;
Instance* volatile current = nullptr;
}  // namespace

// Not part of any configuration: lets the running router's poller call the control server.
class Instance::ControlEndpoint : public Element {
  public:
    explicit ControlEndpoint(Instance* owner) : owner_(owner) {}
    const char* class_name() const override { return "clickos-instance control"; }
    void selected(int, int) override { owner_->control_.serve(0); }

  private:
    Instance* owner_;
};

Instance::Instance() : endpoint_(std::make_unique<ControlEndpoint>(this)) {
    control_.set_pause_check([this] { return pending_ != nullptr; });
    current = this;
}

Instance::~Instance() {
    current = nullptr;
}

void Instance::request_stop() {
    stop_flag = 1;
    if (Instance* in = current) {
        if (Router* r = in->router_.get()) {
            r->stop_now();
            r->poller().wake();
        }
        in->control_.wake();
    }
}

void Instance::add_instance_handlers(Router& r) {
    r.add_global_handler(
        {"hotconfig", nullptr,
         [this](const std::string& text, Element*, ErrorHandler* errh) { return hotconfig(text, errh); }, HANDLER_RAW});
    r.add_global_handler({"generation", [this](Element*) { return std::to_string(generation_) + "\n"; }, nullptr, 0});
    r.add_global_handler({"sandbox", [this](Element*) { return sandbox_ + "\n"; }, nullptr, 0});
    r.add_global_handler(
        {"hotconfig_us", [this](Element*) { return std::to_string(last_swap_ns_ / 1000) + "\n"; }, nullptr, 0});
    // Times the running router slept waiting for events: with --poll-us, an exchange that keeps
    // coming within the window adds none.
    r.add_global_handler({"sleeps", [&r](Element*) { return std::to_string(r.sleeps()) + "\n"; }, nullptr, 0});
}

void Instance::attach_control(Router& r) {
    control_.set_router(&r);
    r.add_select(control_.fd(), platform::Poller::Read, endpoint_.get());
}

void Instance::start(std::unique_ptr<Router> router) {
    generation_ = router ? 1 : 0;
    if (!router) {
        CollectingErrorHandler errh;
        router = Router::build(lang::FlatGraph{}, &errh);
    }
    router_ = std::move(router);
    add_instance_handlers(*router_);
    attach_control(*router_);
}

int Instance::hotconfig(const std::string& text, ErrorHandler* errh) {
    if (pending_) return errh->error("a hot-swap is already in progress");
    int64_t started = platform::monotonic_ns();
    InstallResult result = installer_.install(text, config_name_);
    for (const auto& w : result.warnings) errh->warning(w);
    if (result.outcome == InstallResult::Outcome::RestartRequired) {
        errh->error("restart required: " + result.restart_reason);
        for (const auto& e : result.errors) errh->error(e);
        return -restart_required_code;
    }
    if (result.outcome != InstallResult::Outcome::Ok) {
        for (const auto& e : result.errors) errh->error(e);
        return -1;
    }
    // The old router is not running while a handler runs: its state can move now.
    CollectingErrorHandler state_errh;
    result.router->take_state_from(*router_, &state_errh);
    for (const auto& e : state_errh.entries()) errh->warning(e.str());
    add_instance_handlers(*result.router);
    pending_ = std::move(result.router);
    swap_started_ns_ = started;
    router_->stop_now();
    return 0;
}

bool Instance::complete_swap() {
    if (!pending_) return false;
    attach_control(*pending_);
    std::unique_ptr<Router> old = std::move(router_);
    router_ = std::move(pending_);
    old.reset();  // cleanup after the new router holds every port
    ++generation_;
    last_swap_ns_ = platform::monotonic_ns() - swap_started_ns_;
    control_.resume();
    return true;
}

int Instance::run() {
    while (!stop_flag) {
        if (!router_->stopped()) {
            router_->set_idle_poll_ns(idle_poll_ns_);
            router_->run();
        } else
            control_.serve(-1);  // the configuration stopped itself: handlers and hotconfig only
        complete_swap();
    }
    router_.reset();
    return 0;
}

}  // namespace clickos::instance
