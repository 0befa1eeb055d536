// What FromNetfront and ToNetfront share about reaching their port: the DEVID given by the
// host, or an attachment made by the element itself (SWITCH and SOCKET arguments), and the
// watch over the switch connection so a restarted switch gets the port back.
#pragma once
#include <memory>
#include <string>

#include "clickos/args.hh"
#include "clickos/element.hh"
#include "clickos/timer.hh"
#include "netfront/attachment.hh"

namespace clickos {

class SwitchLink {
  public:
    explicit SwitchLink(Element* owner) : owner_(owner), retry_(&SwitchLink::on_retry, this) {}
    // Declares DEVID and the keywords SWITCH, SOCKET, SLOTS, FRAME, MAC, SWITCH_BUSY.
    void declare(Args& args);
    int check(Args& args);
    // Finds or attaches the port; watches the switch connection if nobody else does.
    std::shared_ptr<netfront::Attachment> open(ErrorHandler* errh);
    // The owner's selected() calls this for descriptors it does not know.
    bool handle_selected(int fd);
    void close();
    // Hot-swap: the watch over the switch connection moves from `old` (same port) to here.
    void take_over(SwitchLink& old);
    int32_t devid = 0;

  private:
    static void on_retry(Timer*, void* self);
    void lost();
    Element* owner_;
    Timer retry_;
    std::shared_ptr<netfront::Attachment> port_;
    std::string switch_name_, socket_, mac_;
    uint32_t slots_ = 256, frame_ = 1518;
    bool busy_ = false;  // SWITCH_BUSY: the switch polls the port instead of sleeping on it
    bool watching_ = false;
};

}  // namespace clickos
