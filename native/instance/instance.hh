// One instance: the current router, the control channel, and the hot-swap between configs.
//
// The control server's poller is watched by the running router, so handler calls run on the
// router's thread between packet batches (one thread: no locks on element state). A write
// to `hotconfig` builds the new router while the old one stays installed; on success the new
// one takes the old one's state, the old one is stopped, and the run loop swaps them before
// any further control command is handled.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "clickos/element.hh"
#include "clickos/router.hh"
#include "control_server.hh"
#include "installer.hh"

namespace clickos::instance {

// Code of the hotconfig answer when the new configuration needs a fresh instance.
constexpr int restart_required_code = 540;

class Instance {
  public:
    Instance();
    ~Instance();
    Installer& installer() { return installer_; }
    ControlServer& control() { return control_; }
    void set_config_name(const std::string& name) { config_name_ = name; }
    void set_sandbox_description(const std::string& s) { sandbox_ = s; }
    // How long the running router polls after work before it waits (Router::set_idle_poll_ns).
    void set_idle_poll_ns(int64_t ns) { idle_poll_ns_ = ns; }

    // Makes `result`'s router the running one (boot), generation 1; an empty router if none.
    void start(std::unique_ptr<Router> router);
    // hotconfig's work: 0 (swap pending), -1 (errors through errh: 520), -540 (restart).
    int hotconfig(const std::string& text, ErrorHandler* errh);
    // If a hotconfig succeeded: makes its router the running one (run() does this as soon as
    // the old router's loop returns; tests call it directly). True if it swapped.
    bool complete_swap();
    // Runs until request_stop() (SIGTERM); returns the exit status.
    int run();
    static void request_stop();  // async-signal-safe

    Router* router() const { return router_.get(); }
    uint64_t generation() const { return generation_; }

  private:
    class ControlEndpoint;
    void add_instance_handlers(Router& r);
    void attach_control(Router& r);

    Installer installer_;
    ControlServer control_;
    int64_t idle_poll_ns_ = 0;
    std::unique_ptr<ControlEndpoint> endpoint_;
    std::unique_ptr<Router> router_;
    std::unique_ptr<Router> pending_;
    uint64_t generation_ = 0;
    int64_t swap_started_ns_ = 0;  // when the pending hotconfig began
    int64_t last_swap_ns_ = 0;     // how long the last successful one paused the dataplane
    std::string config_name_ = "config";
    std::string sandbox_ = "none";
};

}  // namespace clickos::instance
