// clickos-wakeup-probe: what waking a sleeping process costs on this host, the floor under
// every hop of a chain in the sleeping (default) mode. A ring of processes that do nothing
// but wait on an eventfd and kick the next one, as the switch and the instances do with their
// ports' event descriptors; the first one times a token going round, once per interval.
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "clickos/platform.hh"

using namespace clickos;

namespace {

const char usage[] =
    "Usage: clickos-wakeup-probe [--wakeups N] [--interval-us US] [--count N] [--cpus LIST] [--json]\n"
    "Times a token passed round a ring of N sleeping processes over eventfds: each pass wakes\n"
    "every one of them once, as a frame through a chain wakes the switch and each instance.\n"
    "\n"
    "  --wakeups N      processes in the ring, i.e. wake-ups per round trip, 2 to 64 (default 6)\n"
    "  --interval-us US pause before each round trip, 0 to 1000000 (default 1000): after long\n"
    "                   pauses the processes and their CPUs have gone cold\n"
    "  --count N        round trips timed, 1 to 1000000 (default 300; 20 more warm up first)\n"
    "  --cpus LIST      run the whole ring on these CPUs (e.g. 0, 0-1)\n"
    "  --json           print the summary as JSON\n"
    "Example:\n"
    "  clickos-wakeup-probe --wakeups 6 --interval-us 10000\n"
    "  clickos-wakeup-probe --wakeups 6 --interval-us 10000 --cpus 0\n";

struct Options {
    int wakeups = 6;
    int64_t interval_us = 1000;
    int64_t count = 300;
    std::string cpus;
    bool json = false;
};

int usage_error(const std::string& what) {
    std::fprintf(stderr, "clickos-wakeup-probe: %s (see --help)\n", what.c_str());
    return 2;
}

bool parse_int(const char* text, int64_t low, int64_t high, int64_t& out) {
    char* end = nullptr;
    errno = 0;
    long long v = std::strtoll(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || v < low || v > high) return false;
    out = v;
    return true;
}

void kick(int fd) {
    uint64_t one = 1;
    while (write(fd, &one, sizeof one) < 0 && errno == EINTR) {
    }
}

// Sleeps in poll until fd is readable, as the switch and instances sleep in epoll.
bool wait_for(int fd) {
    pollfd p{fd, POLLIN, 0};
    for (;;) {
        int r = poll(&p, 1, -1);
        if (r > 0) break;
        if (r < 0 && errno != EINTR) return false;
    }
    uint64_t value;
    return read(fd, &value, sizeof value) == sizeof value;
}

double percentile(std::vector<int64_t>& v, double q) {
    size_t i = std::min(v.size() - 1, size_t(q * double(v.size())));
    std::nth_element(v.begin(), v.begin() + long(i), v.end());
    return double(v[i]) / 1000.0;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    const option longs[] = {{"wakeups", required_argument, nullptr, 'w'},
                            {"interval-us", required_argument, nullptr, 'i'},
                            {"count", required_argument, nullptr, 'c'},
                            {"cpus", required_argument, nullptr, 'C'},
                            {"json", no_argument, nullptr, 'j'},
                            {"help", no_argument, nullptr, 'h'},
                            {nullptr, 0, nullptr, 0}};
    opterr = 0;
    for (int c; (c = getopt_long(argc, argv, "h", longs, nullptr)) != -1;) {
        int64_t v = 0;
        switch (c) {
            case 'w':
                if (!parse_int(optarg, 2, 64, v))
                    return usage_error(std::string("--wakeups must be 2 to 64, not '") + optarg + "'");
                o.wakeups = int(v);
                break;
            case 'i':
                if (!parse_int(optarg, 0, 1'000'000, o.interval_us))
                    return usage_error(std::string("--interval-us must be 0 to 1000000, not '") + optarg + "'");
                break;
            case 'c':
                if (!parse_int(optarg, 1, 1'000'000, o.count))
                    return usage_error(std::string("--count must be 1 to 1000000, not '") + optarg + "'");
                break;
            case 'C': o.cpus = optarg; break;
            case 'j': o.json = true; break;
            case 'h': std::fputs(usage, stdout); return 0;
            default:
                return usage_error(std::string("unknown or incomplete option '") + argv[optind - 1] + "'");
        }
    }
    if (optind < argc) return usage_error(std::string("unexpected argument '") + argv[optind] + "'");
    if (!o.cpus.empty()) {
        std::vector<int> cpus;
        std::string why;
        if (!platform::parse_cpu_list(o.cpus, cpus, why)) return usage_error("--cpus: " + why);
        // Before the ring is forked: every process of it inherits the placement.
        if (!platform::set_cpu_affinity(cpus, why)) {
            std::fprintf(stderr, "clickos-wakeup-probe: --cpus %s: %s\n", o.cpus.c_str(), why.c_str());
            return 1;
        }
    }

    // Event i wakes process i; process 0 is this one, the others pass the token on.
    std::vector<int> events(size_t(o.wakeups));
    for (int& fd : events) {
        fd = eventfd(0, EFD_CLOEXEC);
        if (fd < 0) {
            std::fprintf(stderr, "clickos-wakeup-probe: eventfd: %s\n", std::strerror(errno));
            return 1;
        }
    }
    std::vector<pid_t> ring;
    pid_t parent = getpid();
    for (int i = 1; i < o.wakeups; ++i) {
        pid_t pid = fork();
        if (pid < 0) {
            std::fprintf(stderr, "clickos-wakeup-probe: fork: %s\n", std::strerror(errno));
            for (pid_t p : ring) kill(p, SIGKILL);
            return 1;
        }
        if (pid == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the probe
            if (getppid() != parent) _exit(0);
            int next = events[size_t((i + 1) % o.wakeups)];
            while (wait_for(events[size_t(i)])) kick(next);
            _exit(0);
        }
        ring.push_back(pid);
    }

    const int64_t warm_up = 20;
    std::vector<int64_t> rtt_ns;
    rtt_ns.reserve(size_t(o.count));
    int status = 0;
    for (int64_t n = 0; n < warm_up + o.count; ++n) {
        if (o.interval_us > 0) usleep(useconds_t(o.interval_us));
        int64_t start = platform::monotonic_ns();
        kick(events[1]);
        if (!wait_for(events[0])) {
            std::fprintf(stderr, "clickos-wakeup-probe: waiting for the token: %s\n", std::strerror(errno));
            status = 1;
            break;
        }
        if (n >= warm_up) rtt_ns.push_back(platform::monotonic_ns() - start);
    }
    for (pid_t p : ring) kill(p, SIGKILL);
    for (pid_t p : ring) waitpid(p, nullptr, 0);
    if (status != 0) return status;

    double median = percentile(rtt_ns, 0.5), p90 = percentile(rtt_ns, 0.9);
    if (o.json) {
        std::printf(
            "{\"wakeups\":%d,\"interval_us\":%lld,\"count\":%lld,\"cpus\":\"%s\",\"median_us\":%.2f,"
            "\"p90_us\":%.2f,\"per_wakeup_us\":%.2f}\n",
            o.wakeups, (long long)o.interval_us, (long long)o.count, o.cpus.c_str(), median, p90,
            median / o.wakeups);
    } else {
        std::printf("%d wake-ups, %lld us apart%s: median %.1f us (p90 %.1f), %.1f us per wake-up\n",
                    o.wakeups, (long long)o.interval_us, o.cpus.empty() ? "" : (" on CPUs " + o.cpus).c_str(),
                    median, p90, median / o.wakeups);
    }
    return 0;
}
