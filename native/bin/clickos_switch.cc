// clickos-switch: one process serving every named switch on this host (vale0, vale1, ...).
// Instances attach ring ports through its control socket; see docs/switch.md.
#include <signal.h>

#include <cstdio>
#include <string>

#include "clickos/platform.hh"
#include "control_server.hh"
#include "netfront/switch_client.hh"
#include "switch_host.hh"

using namespace clickos;

namespace {
const char usage[] =
    "Usage: clickos-switch [--socket PATH] [--mac-age SECONDS] [--poll-us US] [--cpus LIST]\n"
    "                      [--kick-frames N] [--kick-us US]\n"
    "Runs the VALE-like switch: named switches, ring ports for instances, MAC learning.\n"
    "\n"
    "  --socket PATH     control socket (default $CLICKOS_SWITCH_SOCKET or /run/clickos/switch.sock)\n"
    "  --mac-age SECS    forget learned MAC addresses not seen for SECS seconds (default 300)\n"
    "  --poll-us US      keep polling a port for US microseconds after its last frame before it\n"
    "                    sleeps, so a reply costs no wake-up (default 0: sleep at once)\n"
    "  --cpus LIST       run only on these CPUs (e.g. 0, 0-1, 0,2)\n"
    "  --kick-frames N   wake a sleeping instance once N frames wait for it (at most half its\n"
    "                    ring), after --kick-us, or when the switch has nothing else to do,\n"
    "                    whichever comes first (default 256; 0: at every batch)\n"
    "  --kick-us US      the longest a frame waits for that wake-up while the switch is busy\n"
    "                    elsewhere, 0 to 100000 (default 50)\n"
    "  --help            print this message\n"
    "Example:\n"
    "  clickos-switch --socket /tmp/sw.sock &\n";

sw::SwitchHost* running = nullptr;
void on_signal(int) {
    if (running) running->stop();
}
}  // namespace

int main(int argc, char** argv) {
    std::string socket = netfront::default_switch_socket();
    long mac_age = 300;
    long poll_us = 0;
    long kick_frames = 256, kick_us = 50;
    std::vector<int> cpus;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--help") {
            platform::write_stdout(usage);
            return 0;
        } else if (a == "--socket" && i + 1 < argc) {
            socket = argv[++i];
        } else if (a == "--mac-age" && i + 1 < argc) {
            char* end;
            mac_age = std::strtol(argv[++i], &end, 10);
            if (*end || mac_age <= 0) {
                platform::write_stderr("clickos-switch: --mac-age needs a positive number of seconds\n");
                return 2;
            }
        } else if (a == "--cpus" && i + 1 < argc) {
            std::string why;
            if (!platform::parse_cpu_list(argv[++i], cpus, why)) {
                platform::write_stderr("clickos-switch: --cpus: " + why + "\n");
                return 2;
            }
        } else if (a == "--poll-us" && i + 1 < argc) {
            const char* value = argv[++i];
            char* end;
            poll_us = std::strtol(value, &end, 10);
            if (end == value || *end || poll_us < 0 || poll_us > 1'000'000) {  // "" is no number
                platform::write_stderr("clickos-switch: --poll-us needs a number of microseconds from 0 to 1000000\n");
                return 2;
            }
        } else if ((a == "--kick-frames" || a == "--kick-us") && i + 1 < argc) {
            const char* value = argv[++i];
            char* end;
            long v = std::strtol(value, &end, 10);
            long most = a == "--kick-frames" ? 2048 : 100'000;
            if (end == value || *end || v < 0 || v > most) {
                platform::write_stderr("clickos-switch: " + a + " needs a whole number from 0 to " +
                                       std::to_string(most) + ", not '" + value + "'\n");
                return 2;
            }
            (a == "--kick-frames" ? kick_frames : kick_us) = v;
        } else {
            platform::write_stderr("clickos-switch: unknown argument '" + a + "'\nTry 'clickos-switch --help'.\n");
            return 2;
        }
    }
    std::string error;
    if (!cpus.empty() && !platform::set_cpu_affinity(cpus, error)) {
        platform::write_stderr("clickos-switch: --cpus: " + error + "\n");
        return 1;
    }
    sw::SwitchHost host;
    host.mac_max_age_ns = int64_t(mac_age) * 1'000'000'000;
    host.poll_ns = int64_t(poll_us) * 1000;
    host.kick_frames = uint32_t(kick_frames);
    host.kick_ns = int64_t(kick_us) * 1000;
    sw::ControlServer control(host);
    if (!control.listen(socket, error)) {
        platform::write_stderr("clickos-switch: " + error + "\n");
        return 1;
    }
    running = &host;
    platform::on_interrupt(on_signal);
    host.run();
    running = nullptr;
    return 0;
}
