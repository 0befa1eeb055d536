#include "switch_host.hh"

#include <algorithm>

#include "capture.hh"

namespace clickos::sw {

SwitchHost::SwitchHost() = default;
SwitchHost::~SwitchHost() = default;

SwitchHost::Bridge* SwitchHost::bridge(const std::string& name) {
    auto it = bridges_.find(name);
    return it == bridges_.end() ? nullptr : &it->second;
}

const SwitchHost::Bridge* SwitchHost::bridge_of(int port_id) const {
    if (port_id < 0 || size_t(port_id) >= port_bridge_.size()) return nullptr;
    auto it = bridges_.find(port_bridge_[size_t(port_id)]);
    return it == bridges_.end() ? nullptr : &it->second;
}

int SwitchHost::add_port(const std::string& name, std::unique_ptr<Port> p, std::string& error) {
    lookup_cache_ = {};
    if (name.empty() || name.size() > 64) {
        error = "switch name must have 1 to 64 characters";
        return -1;
    }
    Bridge& b = bridges_[name];
    b.name = name;
    if (b.ports.size() >= max_ports_per_switch) {
        error = "switch '" + name + "' already has " + std::to_string(max_ports_per_switch) + " ports";
        return -1;
    }
    int id = -1;
    for (size_t i = 0; i < ports_.size(); ++i)
        if (!ports_[i]) {
            id = int(i);
            break;
        }
    if (id < 0) {
        id = int(ports_.size());
        ports_.emplace_back();
        port_bridge_.emplace_back();
        is_active_.push_back(false);
        last_frame_ns_.push_back(0);
        is_touched_.push_back(false);
        is_blocked_.push_back(false);
        unkicked_.push_back(0);
        unkicked_since_.push_back(0);
    }
    unkicked_[size_t(id)] = 0;
    p->id = id;
    // A busy port is polled every round: its wake-ups are never armed, so not watched.
    int fd = p->busy ? -1 : p->wake_fd();
    ports_[size_t(id)] = std::move(p);
    port_bridge_[size_t(id)] = name;
    b.ports.push_back(id);
    if (fd >= 0) {
        wake_fds_[fd] = id;
        poller_.watch(fd, platform::Poller::Read);
    }
    int space = ports_[size_t(id)]->space_fd();
    if (space >= 0) {
        space_fds_[space] = id;
        poller_.watch(space, platform::Poller::Read);
    }
    wake(id);  // it may already hold frames (an adopted port)
    return id;
}

bool SwitchHost::remove_port(int id) {
    Port* p = port(id);
    if (!p) return false;
    lookup_cache_ = {};
    if (p->wake_fd() >= 0) {
        poller_.watch(p->wake_fd(), 0);
        wake_fds_.erase(p->wake_fd());
    }
    if (p->space_fd() >= 0) {
        poller_.watch(p->space_fd(), 0);
        space_fds_.erase(p->space_fd());
    }
    // Sources held for this port go on; this port no longer waits for anybody.
    if (auto it = blocked_on_.find(id); it != blocked_on_.end()) {
        for (int s : it->second) {
            is_blocked_[size_t(s)] = false;
            if (port(s)) wake(s);
        }
        blocked_on_.erase(it);
    }
    for (auto& [dst, list] : blocked_on_) std::erase(list, id);
    is_blocked_[size_t(id)] = false;
    Bridge& b = bridges_[port_bridge_[size_t(id)]];
    b.ports.erase(std::remove(b.ports.begin(), b.ports.end(), id), b.ports.end());
    b.table.forget_port(id);
    active_.erase(std::remove(active_.begin(), active_.end(), id), active_.end());
    is_active_[size_t(id)] = false;
    delete p->capture;
    p->capture = nullptr;
    ports_[size_t(id)].reset();
    return true;
}

void SwitchHost::watch(int fd, std::function<void()> on_readable) {
    watchers_[fd] = std::move(on_readable);
    poller_.watch(fd, platform::Poller::Read);
}

void SwitchHost::unwatch(int fd) {
    watchers_.erase(fd);
    poller_.watch(fd, 0);
}

void SwitchHost::wake(int id) {
    if (is_blocked_[size_t(id)]) return;  // waits for its destination's room first
    if (!is_active_[size_t(id)]) {
        is_active_[size_t(id)] = true;
        active_.push_back(id);
    }
}

bool SwitchHost::send_to(int dst, const uint8_t* data, uint32_t len) {
    Port* d = ports_[size_t(dst)].get();
    if (!d->stage(data, len)) return false;
    ++d->counters.tx_packets;
    d->counters.tx_bytes += len;
    if (d->capture) d->capture->write(data, len);
    if (!is_touched_[size_t(dst)]) {
        is_touched_[size_t(dst)] = true;
        touched_.push_back(dst);
    }
    return true;
}

bool SwitchHost::deliver(Bridge& b, int src, const uint8_t* data, uint32_t len) {
    uint64_t dst_mac = mac_key(data), src_mac = mac_key(data + 6);
    LookupCache& c = lookup_cache_;
    if (c.bridge != &b || c.generation != b.table.generation() || c.src != src || c.src_mac != src_mac ||
        c.learned_ns != now_) {
        b.table.learn(src_mac, src, now_);
        c = LookupCache{&b, b.table.generation(), src, src_mac, now_, false, 0, -1};
    }
    if (!(data[0] & 1) && !(c.dst_known && c.dst_mac == dst_mac)) {
        c.dst_known = true;
        c.dst_mac = dst_mac;
        c.out = b.table.lookup(dst_mac);
    }
    // Group addresses (broadcast, multicast) and unknown unicast go to every other port;
    // a full port there drops its copy (one slow port must not hold up the others).
    int out = (data[0] & 1) ? -1 : c.out;
    if (out < 0) {
        for (int p : b.ports)
            if (p != src && !send_to(p, data, len)) ++ports_[size_t(p)]->counters.tx_drops;
        return true;
    }
    if (out == src || !ports_[size_t(out)]) return true;
    if (send_to(out, data, len)) return true;
    // A full unicast destination: flush what is staged there, and if it still has no room,
    // hold the source until it has (the sender slows down instead of losing frames).
    Port* d = ports_[size_t(out)].get();
    d->flush();
    d->kick();  // its consumer must drain it now, coalesced kicks or not
    if (d->room_or_wait() && send_to(out, data, len)) return true;
    if (d->space_fd() < 0) {
        ++d->counters.tx_drops;
        return true;
    }
    blocked_dst_ = out;
    return false;
}

uint32_t SwitchHost::forward(int id) {
    Port* src = port(id);
    if (!src) return 0;
    Bridge& b = bridges_[port_bridge_[size_t(id)]];
    Frame frames[batch];
    ++src->counters.polls;
    uint32_t n = src->receive(frames, batch);
    uint32_t done = 0;
    for (; done < n; ++done) {
        const Frame& f = frames[done];
        blocked_dst_ = -1;
        if (!deliver(b, id, f.data, f.len)) break;
        ++src->counters.rx_packets;
        src->counters.rx_bytes += f.len;
        if (src->capture) src->capture->write(f.data, f.len);
    }
    for (int t : touched_) {
        is_touched_[size_t(t)] = false;
        Port* d = ports_[size_t(t)].get();
        if (!d) continue;
        if (kick_frames == 0) {
            d->flush();
            continue;
        }
        uint32_t n = d->flush_quietly();
        if (n == 0) continue;
        uint32_t& waiting = unkicked_[size_t(t)];
        if (waiting == 0) {
            unkicked_since_[size_t(t)] = now_;
            kick_pending_.push_back(t);
        }
        waiting += n;
        if (waiting >= std::min(kick_frames, d->slots() / 2)) {
            d->kick();
            waiting = 0;
        }
    }
    touched_.clear();
    src->release_received(done);
    if (done < n && blocked_dst_ >= 0) {
        is_blocked_[size_t(id)] = true;
        blocked_on_[blocked_dst_].push_back(id);
    }
    return done;
}

void SwitchHost::kick_due(bool all) {
    size_t keep = 0;
    for (int id : kick_pending_) {
        Port* p = port(id);
        uint32_t& waiting = unkicked_[size_t(id)];
        if (!p || waiting == 0) continue;  // gone, or kicked for its count meanwhile
        if (all || now_ - unkicked_since_[size_t(id)] >= kick_ns) {
            p->kick();
            waiting = 0;
            continue;
        }
        kick_pending_[keep++] = id;
    }
    kick_pending_.resize(keep);
}

void SwitchHost::drain(int id) {
    if (!port(id)) return;
    now_ = platform::monotonic_ns();
    // A ring holds at most 2048 slots: 32 batches; a held port waits for room it will not get.
    for (int round = 0; round < 64 && !is_blocked_[size_t(id)]; ++round)
        if (forward(id) == 0) break;
}

void SwitchHost::run(int64_t max_ns) {
    int64_t deadline = max_ns < 0 ? -1 : platform::monotonic_ns() + max_ns;
    int64_t last_age = platform::monotonic_ns();
    stopped_ = false;
    while (!stopped_) {
        now_ = platform::monotonic_ns();
        // Work through the active ports round-robin, one batch each.
        uint32_t moved = 0;
        for (size_t i = 0; i < active_.size();) {
            int id = active_[i];
            Port* p = port(id);
            uint32_t n = p ? forward(id) : 0;
            if (n > 0) {
                last_frame_ns_[size_t(id)] = now_;
                moved += n;
            }
            bool polled = now_ - last_frame_ns_[size_t(id)] < poll_ns;
            bool stays = p && !is_blocked_[size_t(id)] && (p->busy || polled || p->more_or_sleep());
            if (stays) {
                ++i;
                continue;
            }
            if (p && !is_blocked_[size_t(id)]) ++p->counters.sleeps;
            is_active_[size_t(id)] = false;
            active_[i] = active_.back();
            active_.pop_back();
        }
        // Coalesced kicks that are due go out; all of them when the round found nothing new or
        // the switch is about to sleep.
        if (!kick_pending_.empty()) kick_due(active_.empty() || moved == 0);
        if (now_ - last_age > 1'000'000'000) {
            for (auto& [name, b] : bridges_) b.table.age(now_, mac_max_age_ns);
            for (size_t id = 0; id < ports_.size(); ++id)
                if (Port* p = ports_[id].get()) {
                    p->check_peer();
                    if (!p->peer_alive()) remove_port(int(id));
                }
            last_age = now_;
        }
        if (deadline >= 0 && now_ >= deadline) return;
        // Held sources whose destination has room again go on, even if its kick was missed.
        for (auto it = blocked_on_.begin(); it != blocked_on_.end();) {
            Port* d = port(it->first);
            if (d && !d->room_or_wait()) {
                ++it;
                continue;
            }
            for (int s : it->second) {
                is_blocked_[size_t(s)] = false;
                if (port(s)) wake(s);
            }
            it = blocked_on_.erase(it);
        }
        int64_t timeout = active_.empty() ? 1'000'000'000 : 0;
        if (deadline >= 0) timeout = std::min(timeout, std::max<int64_t>(0, deadline - now_));
        for (const auto& ev : poller_.wait(timeout)) {
            auto w = wake_fds_.find(ev.fd);
            if (w != wake_fds_.end()) {
                if (Port* p = port(w->second)) {
                    p->woken();
                    ++p->counters.wakeups;
                    if (!p->peer_alive()) {  // a NIC port whose interface is gone
                        remove_port(w->second);
                        continue;
                    }
                }
                wake(w->second);
                continue;
            }
            auto sp = space_fds_.find(ev.fd);
            if (sp != space_fds_.end()) {
                // A destination freed slots: the sources it held go on.
                if (Port* p = port(sp->second)) p->space_woken();
                auto held = blocked_on_.find(sp->second);
                if (held != blocked_on_.end()) {
                    std::vector<int> sources = std::move(held->second);
                    blocked_on_.erase(held);
                    for (int s : sources) {
                        is_blocked_[size_t(s)] = false;
                        if (port(s)) wake(s);
                    }
                }
                continue;
            }
            auto c = watchers_.find(ev.fd);
            if (c != watchers_.end()) {
                auto callback = c->second;  // the callback may unwatch itself
                callback();
            }
        }
    }
}

}  // namespace clickos::sw
