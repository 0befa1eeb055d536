// clickos-pktgen: a packet generator and sink for switch ports and Linux interfaces, in the
// spirit of netmap's pkt-gen: tx, rx, ping and pong modes, rate, size, count and flows, live
// pps and Gb/s.
#include <getopt.h>
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "clickos/ip.hh"
#include "clickos/platform.hh"
#include "netfront/ring_client.hh"
#include "nic_port.hh"

using namespace clickos;

namespace {

const char usage[] =
    "Usage: clickos-pktgen --switch NAME|--ifname IF --mode tx|rx|ping|pong [OPTIONS]\n"
    "Sends, receives or bounces frames through a port of a clickos-switch or a Linux interface.\n"
    "\n"
    "  --switch NAME      switch to attach to (e.g. vale0)\n"
    "  --ifname IF        use the Linux interface IF instead (AF_PACKET; needs root or CAP_NET_RAW)\n"
    "  --socket PATH      switch control socket (default $CLICKOS_SWITCH_SOCKET or /run/clickos/switch.sock)\n"
    "  --mode MODE        tx: send; rx: count what arrives; ping: measure round trips; pong: answer pings\n"
    "  --size BYTES       frame size without CRC, 60 to 9018 (default 60)\n"
    "  --rate PPS         frames per second, 0 for as fast as possible (default 0)\n"
    "  --count N          stop after N frames (tx, rx, ping; default: no limit)\n"
    "  --duration SECS    stop after SECS seconds (default 10)\n"
    "  --flows N          vary the UDP source port over N flows (default 1)\n"
    "  --burst N          frames per batch (default 32)\n"
    "  --slots N          ring size of the port, a power of two 64..2048 (default 256)\n"
    "  --src-mac MAC      source address (default 02:00:00:00:00:01)\n"
    "  --dst-mac MAC      destination address (default ff:ff:ff:ff:ff:ff)\n"
    "  --static-mac       register --src-mac as a static switch table entry for this port\n"
    "  --busy             spin instead of sleeping while waiting (latency mode); without it, rx on\n"
    "                     --ifname sleeps 100 us between looks while a stream lasts (as the switch's\n"
    "                     NIC ports do), so that the sender's kernel need not wake it per frame\n"
    "  --switch-busy      ask the switch to poll this port without sleeping (its latency mode)\n"
    "  --quiet            no per-second lines\n"
    "  --json             print the summary as JSON on stdout\n"
    "Example:\n"
    "  clickos-pktgen --switch vale0 --mode rx --duration 5 &\n"
    "  clickos-pktgen --switch vale0 --mode tx --size 64 --duration 5\n"
    "  ip netns exec peer clickos-pktgen --ifname veth1 --mode rx --count 1000000 &\n"
    "  clickos-pktgen --ifname veth0 --mode tx --count 1000000\n";

struct Options {
    std::string sw, ifname, socket, mode;
    uint32_t size = 60, burst = 32, slots = 256, flows = 1;
    double rate = 0, duration = 10;
    uint64_t count = 0;
    uint8_t src[6] = {2, 0, 0, 0, 0, 1}, dst[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    bool busy = false, switch_busy = false, quiet = false, json = false, static_mac = false;
};

bool parse_mac(const char* s, uint8_t out[6]) {
    unsigned v[6];
    char tail;
    if (std::sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &tail) != 6) return false;
    for (int i = 0; i < 6; ++i) out[i] = uint8_t(v[i]);
    return true;
}

int fail(const std::string& m) {
    std::fprintf(stderr, "clickos-pktgen: %s\n", m.c_str());
    return 2;
}

// An Ethernet + IPv4 + UDP frame of `size` bytes; the payload starts with a sequence number
// and a send time (ping).
void build_frame(uint8_t* f, const Options& o, uint32_t flow) {
    std::memset(f, 0, o.size);
    std::memcpy(f, o.dst, 6);
    std::memcpy(f + 6, o.src, 6);
    f[12] = 0x08;
    f[13] = 0x00;
    auto* ip = reinterpret_cast<click_ip*>(f + 14);
    ip->vhl = 0x45;
    ip->len = htons(uint16_t(o.size - 14));
    ip->ttl = 64;
    ip->p = IP_PROTO_UDP;
    ip->src = htonl(0x0a000001);
    ip->dst = htonl(0x0a000002);
    ip->sum = internet_checksum(ip, 20);
    auto* udp = reinterpret_cast<click_udp*>(f + 34);
    udp->sport = htons(uint16_t(1024 + flow));
    udp->dport = htons(9);
    udp->len = htons(uint16_t(o.size - 34));
}

struct Meter {
    int64_t start = platform::monotonic_ns(), last = start;
    uint64_t frames = 0, bytes = 0, last_frames = 0, last_bytes = 0;
    void tick(const char* what, bool quiet) {
        int64_t now = platform::monotonic_ns();
        if (now - last < 1'000'000'000) return;
        double s = double(now - last) / 1e9;
        if (!quiet)
            std::fprintf(stderr, "%s %.3f Mpps %.3f Gb/s\n", what, double(frames - last_frames) / s / 1e6,
                         double(bytes - last_bytes) * 8 / s / 1e9);
        last = now;
        last_frames = frames;
        last_bytes = bytes;
    }
    double seconds() const { return double(platform::monotonic_ns() - start) / 1e9; }
};

// A switch port with the calls the modes use (send() says how many went: all of them).
struct SwitchPort : netfront::RingClient {
    uint32_t send(uint32_t n) {
        RingClient::send(n);
        return n;
    }
};

}  // namespace

// The modes, over a switch port (SwitchPort) or a Linux interface (pktgen::NicPort).
template <typename PortT>
int run(PortT& port, const Options& o) {
    int64_t stop_at = platform::monotonic_ns() + int64_t(o.duration * 1e9);
    Meter m;
    std::vector<double> rtts;
    std::vector<uint8_t> templates(size_t(o.size) * o.flows);
    for (uint32_t f = 0; f < o.flows; ++f) build_frame(&templates[size_t(f) * o.size], o, f);
    uint64_t seq = 0;

    if (o.mode == "tx") {
        while (platform::monotonic_ns() < stop_at && (o.count == 0 || m.frames < o.count)) {
            uint32_t want = o.burst;
            if (o.count) want = uint32_t(std::min<uint64_t>(want, o.count - m.frames));
            if (o.rate > 0) {
                double allowed = o.rate * m.seconds() - double(m.frames);
                if (allowed < 1) {
                    if (!o.busy) {
                        timespec ts{0, 50000};
                        nanosleep(&ts, nullptr);
                    }
                    m.tick("tx", o.quiet);
                    continue;
                }
                want = std::min<uint32_t>(want, uint32_t(allowed));
            }
            if (port.tx_space() == 0 && !port.wait_tx(o.busy, 100'000'000)) continue;
            uint32_t n = std::min(want, port.tx_space());
            for (uint32_t i = 0; i < n; ++i) {
                uint32_t flow = uint32_t(seq++ % o.flows);
                std::memcpy(port.tx_frame(i), &templates[size_t(flow) * o.size], o.size);
                port.set_length(i, o.size);
            }
            uint32_t sent = port.send(n);
            m.frames += sent;
            m.bytes += uint64_t(sent) * o.size;
            if (sent < n) port.wait_tx(o.busy, 100'000'000);  // a NIC's queue was full
            m.tick("tx", o.quiet);
        }
    } else if (o.mode == "rx" || o.mode == "pong") {
        while (platform::monotonic_ns() < stop_at && (o.count == 0 || m.frames < o.count)) {
            if (!port.wait_rx(o.busy, 100'000'000)) {
                m.tick(o.mode.c_str(), o.quiet);
                continue;
            }
            uint32_t n = port.rx_available();
            if (o.mode == "pong") {
                // Answer each frame with source and destination swapped.
                uint32_t sent = 0;
                if (port.tx_space() < n) port.wait_tx(o.busy, 10'000'000);
                uint32_t room = std::min(n, port.tx_space());
                for (uint32_t i = 0; i < room; ++i) {
                    uint32_t len = port.rx_length(i);
                    uint8_t* out = port.tx_frame(i);
                    std::memcpy(out, port.rx_frame(i), len);
                    std::memcpy(out, port.rx_frame(i) + 6, 6);
                    std::memcpy(out + 6, port.rx_frame(i), 6);
                    port.set_length(i, len);
                    ++sent;
                }
                port.send(sent);
            }
            for (uint32_t i = 0; i < n; ++i) m.bytes += port.rx_length(i);
            m.frames += n;
            port.release(n);
            m.tick(o.mode.c_str(), o.quiet);
        }
    } else {  // ping
        double interval = o.rate > 0 ? 1.0 / o.rate : 0.001;
        while (platform::monotonic_ns() < stop_at && (o.count == 0 || m.frames < o.count)) {
            if (!port.wait_tx(o.busy, 100'000'000)) continue;
            uint8_t* f = port.tx_frame(0);
            std::memcpy(f, templates.data(), o.size);
            int64_t t0 = platform::monotonic_ns();
            ++seq;
            std::memcpy(f + 42, &seq, 8);
            std::memcpy(f + 50, &t0, 8);
            port.set_length(0, o.size);
            port.send(1);
            bool got = false;
            while (!got && platform::monotonic_ns() - t0 < 1'000'000'000) {
                if (!port.wait_rx(o.busy, 100'000'000)) continue;
                uint32_t n = port.rx_available();
                for (uint32_t i = 0; i < n; ++i) {
                    uint64_t s;
                    std::memcpy(&s, port.rx_frame(i) + 42, 8);
                    if (port.rx_length(i) >= 58 && s == seq) got = true;
                }
                port.release(n);
            }
            if (got) rtts.push_back(double(platform::monotonic_ns() - t0) / 1000.0);
            ++m.frames;
            int64_t next = t0 + int64_t(interval * 1e9);
            while (!o.busy && platform::monotonic_ns() < next) {
                timespec ts{0, 20000};
                nanosleep(&ts, nullptr);
            }
        }
    }

    double secs = m.seconds();
    double mpps = double(m.frames) / secs / 1e6;
    double gbps = double(m.bytes) * 8 / secs / 1e9;
    std::sort(rtts.begin(), rtts.end());
    auto pct = [&](double q) {
        return rtts.empty() ? 0.0 : rtts[std::min(rtts.size() - 1, size_t(q * double(rtts.size())))];
    };
    if (o.json) {
        std::printf("{\"mode\":\"%s\",\"frames\":%llu,\"bytes\":%llu,\"seconds\":%.6f,\"mpps\":%.6f,\"gbps\":%.6f",
                    o.mode.c_str(), (unsigned long long)m.frames, (unsigned long long)m.bytes, secs, mpps, gbps);
        if (o.mode == "ping")
            std::printf(",\"replies\":%zu,\"rtt_us\":{\"min\":%.2f,\"median\":%.2f,\"p99\":%.2f}", rtts.size(),
                        rtts.empty() ? 0.0 : rtts.front(), pct(0.5), pct(0.99));
        std::printf("}\n");
    } else {
        std::printf("%s: %llu frames in %.3f s: %.3f Mpps, %.3f Gb/s\n", o.mode.c_str(), (unsigned long long)m.frames,
                    secs, mpps, gbps);
        if (o.mode == "ping")
            std::printf("rtt: %zu replies, min %.2f us, median %.2f us, p99 %.2f us\n", rtts.size(),
                        rtts.empty() ? 0.0 : rtts.front(), pct(0.5), pct(0.99));
    }
    return 0;
}

int main(int argc, char** argv) {
    Options o;
    static const option longopts[] = {
        {"switch", 1, nullptr, 's'},      {"socket", 1, nullptr, 'S'},  {"mode", 1, nullptr, 'm'},
        {"size", 1, nullptr, 'l'},        {"rate", 1, nullptr, 'r'},    {"count", 1, nullptr, 'n'},
        {"duration", 1, nullptr, 'd'},    {"flows", 1, nullptr, 'f'},   {"burst", 1, nullptr, 'b'},
        {"slots", 1, nullptr, 'k'},       {"src-mac", 1, nullptr, 'A'}, {"dst-mac", 1, nullptr, 'B'},
        {"busy", 0, nullptr, 'y'},        {"quiet", 0, nullptr, 'q'},   {"json", 0, nullptr, 'j'},
        {"static-mac", 0, nullptr, 'M'},  {"help", 0, nullptr, 'h'},    {"ifname", 1, nullptr, 'i'},
        {"switch-busy", 0, nullptr, 'Y'}, {nullptr, 0, nullptr, 0}};
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", longopts, nullptr)) != -1) {
        char* end = nullptr;
        switch (c) {
            case 's': o.sw = optarg; break;
            case 'i': o.ifname = optarg; break;
            case 'S': o.socket = optarg; break;
            case 'm': o.mode = optarg; break;
            case 'l': o.size = uint32_t(std::strtoul(optarg, &end, 10)); break;
            case 'r': o.rate = std::strtod(optarg, &end); break;
            case 'n': o.count = std::strtoull(optarg, &end, 10); break;
            case 'd': o.duration = std::strtod(optarg, &end); break;
            case 'f': o.flows = uint32_t(std::strtoul(optarg, &end, 10)); break;
            case 'b': o.burst = uint32_t(std::strtoul(optarg, &end, 10)); break;
            case 'k': o.slots = uint32_t(std::strtoul(optarg, &end, 10)); break;
            case 'A':
                if (!parse_mac(optarg, o.src)) return fail(std::string("bad --src-mac '") + optarg + "'");
                break;
            case 'B':
                if (!parse_mac(optarg, o.dst)) return fail(std::string("bad --dst-mac '") + optarg + "'");
                break;
            case 'y': o.busy = true; break;
            case 'Y': o.switch_busy = true; break;
            case 'M': o.static_mac = true; break;
            case 'q': o.quiet = true; break;
            case 'j': o.json = true; break;
            case 'h': std::fputs(usage, stdout); return 0;
            default: return fail(std::string("unknown or incomplete option '") + argv[optind - 1] + "'");
        }
        if (end && *end) return fail(std::string("bad number '") + optarg + "'");
    }
    if (optind < argc) return fail(std::string("unexpected argument '") + argv[optind] + "'");
    if (o.sw.empty() == o.ifname.empty()) return fail("give either --switch or --ifname");
    if (!o.ifname.empty() && (o.static_mac || o.switch_busy || !o.socket.empty()))
        return fail("--static-mac, --switch-busy and --socket are for switch ports, not --ifname");
    if (o.mode != "tx" && o.mode != "rx" && o.mode != "ping" && o.mode != "pong")
        return fail("--mode must be tx, rx, ping or pong");
    if (o.size < 60 || o.size > 9018) return fail("--size must be from 60 to 9018");
    if (o.burst == 0 || o.burst > 1024) return fail("--burst must be from 1 to 1024");
    if (o.flows == 0 || o.flows > 60000) return fail("--flows must be from 1 to 60000");
    if (o.rate < 0 || o.duration <= 0) return fail("--rate must be >= 0 and --duration > 0");

    std::string error;
    if (!o.ifname.empty()) {
        pktgen::NicPort port;
        // A sink gathers streams (fewer wake-ups); ping and pong answer each frame at once.
        if (!port.open(o.ifname, std::max<uint32_t>(o.size, 1518), o.mode == "rx", error)) {
            std::fprintf(stderr, "clickos-pktgen: %s: %s\n", o.ifname.c_str(), error.c_str());
            return 1;
        }
        return run(port, o);
    }
    netfront::AttachRequest req;
    req.socket_path = o.socket.empty() ? netfront::default_switch_socket() : o.socket;
    req.switch_name = o.sw;
    req.slots = o.slots;
    req.frame_size = std::max<uint32_t>(o.size, 1518);
    req.name = "pktgen-" + o.mode;
    req.busy = o.switch_busy;
    if (o.static_mac) {
        char mac[18];
        std::snprintf(mac, sizeof mac, "%02x:%02x:%02x:%02x:%02x:%02x", o.src[0], o.src[1], o.src[2], o.src[3],
                      o.src[4], o.src[5]);
        req.mac = mac;
    }
    SwitchPort port;
    if (!port.open(req, error)) {
        std::fprintf(stderr, "clickos-pktgen: %s\n", error.c_str());
        return 1;
    }
    return run(port, o);
}
