#include "attachment.hh"

#include <cstdlib>
#include <map>

#include "clickos/platform.hh"

namespace clickos::netfront {

namespace {
std::map<int, std::shared_ptr<Attachment>>& table() {
    static std::map<int, std::shared_ptr<Attachment>> t;
    return t;
}

bool parse_int(const std::string& s, int& v) {
    if (s.empty() || s.size() > 9) return false;
    v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    return true;
}
}  // namespace

bool parse_port_list(const std::string& text, std::vector<std::pair<int, PortFds>>& out, std::string& error) {
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find(';', start);
        std::string item = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        start = end == std::string::npos ? text.size() : end + 1;
        if (item.empty()) continue;
        size_t colon = item.find(':');
        int devid;
        if (colon == std::string::npos || !parse_int(item.substr(0, colon), devid)) {
            error = "port entry '" + item + "' is not DEVID:MEM,RXDATA,RXSPACE,TXDATA,TXSPACE";
            return false;
        }
        int v[5];
        size_t p = colon + 1;
        for (int k = 0; k < 5; ++k) {
            size_t comma = item.find(',', p);
            if ((k < 4) != (comma != std::string::npos) ||
                !parse_int(item.substr(p, comma == std::string::npos ? std::string::npos : comma - p), v[k])) {
                error = "port entry '" + item + "' is not DEVID:MEM,RXDATA,RXSPACE,TXDATA,TXSPACE";
                return false;
            }
            p = comma + 1;
        }
        out.push_back({devid, PortFds{v[0], v[1], v[2], v[3], v[4]}});
    }
    return true;
}

std::shared_ptr<Attachment> Attachment::add(int devid, const PortFds& fds, std::string& error) {
    auto& t = table();
    if (t.count(devid)) return t[devid];
    auto memory = PortMemory::attach(fds.mem, error);
    if (!memory) return nullptr;
    std::shared_ptr<Attachment> a(new Attachment());
    a->devid_ = devid;
    a->fds_ = fds;
    a->memory_ = std::move(memory);
    uint32_t n = a->memory_->nslots();
    a->rx_ = RingConsumer(a->memory_->rx(), n, fds.rx_space);
    a->tx_ = RingProducer(a->memory_->tx(), n, fds.tx_data);
    a->where_.assign(a->memory_->nbufs(), Where::Ring);
    for (uint32_t i = 2 * n; i < 3 * n; ++i) {
        a->spares_.push_back(i);
        a->where_[i] = Where::Spare;
    }
    a->memory_->header()->instance_pid.store(uint32_t(getpid()));
    t[devid] = a;
    return a;
}

bool Attachment::host_gave_ports() {
    return std::getenv("CLICKOS_NETFRONT_PORTS") != nullptr;
}

std::shared_ptr<Attachment> Attachment::get(int devid, std::string& error) {
    auto& t = table();
    auto it = t.find(devid);
    if (it != t.end()) return it->second;
    const char* env = std::getenv("CLICKOS_NETFRONT_PORTS");
    if (!env) {
        error = "no port " + std::to_string(devid) +
                ": this process was not given any (CLICKOS_NETFRONT_PORTS is not set; instances get their "
                "ports from the host, see docs/switch.md)";
        return nullptr;
    }
    std::vector<std::pair<int, PortFds>> ports;
    if (!parse_port_list(env, ports, error)) {
        error = "CLICKOS_NETFRONT_PORTS: " + error;
        return nullptr;
    }
    for (const auto& [id, fds] : ports)
        if (id == devid) return add(devid, fds, error);
    error = "no port " + std::to_string(devid) + " among the ports given to this process";
    return nullptr;
}

std::shared_ptr<Attachment> Attachment::attach(int devid, const AttachRequest& req, std::string& error) {
    auto& t = table();
    auto it = t.find(devid);
    if (it != t.end()) return it->second;
    AttachResult r;
    if (!attach_port(req, r, error)) return nullptr;
    auto a = add(devid, r.fds, error);
    if (!a) {
        platform::close_fd(r.lifeline);
        return nullptr;
    }
    a->lifeline_ = r.lifeline;
    a->request_ = req;
    return a;
}

void Attachment::lost_switch() {
    platform::close_fd(lifeline_);
    lifeline_ = -1;
}

bool Attachment::reattach(std::string& error) {
    if (request_.socket_path.empty()) {
        error = "port " + std::to_string(devid_) + " was not attached through a switch socket";
        return false;
    }
    AttachResult r;
    // The new switch receives duplicates; this side keeps its descriptors.
    if (!reattach_port(request_.socket_path, request_.switch_name, fds_, r, error, request_.busy)) return false;
    lifeline_ = r.lifeline;
    return true;
}

void Attachment::forget_all() {
    table().clear();
}

Attachment::~Attachment() {
    for (int fd : {fds_.rx_data, fds_.rx_space, fds_.tx_data, fds_.tx_space, lifeline_}) platform::close_fd(fd);
}

bool Attachment::take_spare(uint32_t& index) {
    if (spares_.empty()) return false;
    index = spares_.back();
    spares_.pop_back();
    return true;
}

void Attachment::give_spare(uint32_t index) {
    where_[index] = Where::Spare;
    spares_.push_back(index);
}

void Attachment::release_buffer(uint8_t* buffer, size_t, void* arg) {
    auto* a = static_cast<Attachment*>(arg);
    int64_t index = a->memory_->buffer_of(buffer);
    // A buffer handed to the tx ring belongs to the ring now: nothing to give back.
    if (index >= 0 && a->where_[size_t(index)] == Where::Graph) a->give_spare(uint32_t(index));
}

}  // namespace clickos::netfront
