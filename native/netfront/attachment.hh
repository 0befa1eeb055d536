// The instance side of a port: the mapped port memory, its four event descriptors, and the
// spare-buffer bookkeeping shared by FromNetfront and ToNetfront of the same DEVID.
//
// The host hands ports to an instance as inherited descriptors named in the environment:
//   CLICKOS_NETFRONT_PORTS="DEVID:MEM,RXDATA,RXSPACE,TXDATA,TXSPACE;DEVID:..."
// MEM is the port's memfd; RXDATA is kicked by the switch when frames arrive, RXSPACE by the
// instance when it freed rx slots, TXDATA by the instance when it sent frames, TXSPACE by
// the switch when tx slots are free again.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "netfront/port_fds.hh"
#include "netfront/port_memory.hh"
#include "netfront/switch_client.hh"

namespace clickos::netfront {

// Parses the environment variable's value; false with `error` on a malformed one.
bool parse_port_list(const std::string& text, std::vector<std::pair<int, PortFds>>& out, std::string& error);

class Attachment {
  public:
    // The port with this DEVID, attached once per process (from the environment, or from
    // ports registered with add()); null with `error` if there is none.
    static std::shared_ptr<Attachment> get(int devid, std::string& error);
    // Registers a port by descriptors (tests, and hosts that attach in-process).
    static std::shared_ptr<Attachment> add(int devid, const PortFds& fds, std::string& error);
    // Attaches port DEVID to a switch through its control socket (once per process).
    static std::shared_ptr<Attachment> attach(int devid, const AttachRequest& req, std::string& error);
    static void forget_all();  // tests
    // Whether this process runs as an instance: the host named its ports in the environment
    // (there, FromDevice/ToDevice mean netfront ports, as in ClickOS).
    static bool host_gave_ports();

    // The switch connection that keeps the port alive (-1 for ports given by the host).
    int lifeline() const { return lifeline_; }
    // The switch went away: forget the lifeline; the port memory stays mapped.
    void lost_switch();
    // Hands the port to a (restarted) switch again; true when done.
    bool reattach(std::string& error);
    // The element that watches the lifeline (the first of FromNetfront/ToNetfront to ask).
    void* lifeline_owner = nullptr;

    ~Attachment();
    PortMemory& memory() { return *memory_; }
    RingConsumer& rx() { return rx_; }
    RingProducer& tx() { return tx_; }
    const PortFds& fds() const { return fds_; }
    int devid() const { return devid_; }

    // Spare buffers: the instance keeps received buffers in the graph by swapping spares into
    // the rx slots. State per buffer tells where it is, so a buffer is never in two places.
    enum class Where : uint8_t { Ring, Spare, Graph };
    bool take_spare(uint32_t& index);
    void give_spare(uint32_t index);
    void set_where(uint32_t index, Where w) { where_[index] = w; }
    Where where(uint32_t index) const { return where_[index]; }
    size_t spare_count() const { return spares_.size(); }
    // The destructor for packets over this port's buffers.
    static void release_buffer(uint8_t* buffer, size_t size, void* arg);

  private:
    Attachment() = default;
    int devid_ = -1;
    PortFds fds_;
    int lifeline_ = -1;
    AttachRequest request_;
    std::unique_ptr<PortMemory> memory_;
    RingConsumer rx_;
    RingProducer tx_;
    std::vector<uint32_t> spares_;
    std::vector<Where> where_;
};

}  // namespace clickos::netfront
