#!/usr/bin/env python3
# Spawns clickos-instance processes with posix_spawn (no fork of a large parent: Node's
# child_process.spawn costs several milliseconds by itself) and times each from the spawn
# call to the end of its ready line. Used by instances-native.mjs.
#   spawn_ready.py JSON   with JSON {"binary": path, "instances": [[arg, ...], ...], "keep": bool}
# Prints one JSON line per instance: {"ns": spawn-to-ready, "ready": the line, "pid": spawned}.
# Without keep, each instance is stopped (SIGTERM) before the next starts; with keep, they stay
# until standard input closes, then all are stopped.
import json
import os
import signal
import sys
import time


def spawn_one(binary, args):
    r, w = os.pipe()
    os.set_inheritable(w, True)
    start = time.perf_counter_ns()
    pid = os.posix_spawn(binary, [binary, *args, "--ready-fd", str(w)], os.environ,
                         file_actions=[(os.POSIX_SPAWN_CLOSE, r)])
    os.close(w)
    line = b""
    while True:
        chunk = os.read(r, 4096)
        if not chunk:
            break
        line += chunk
    ns = time.perf_counter_ns() - start
    os.close(r)
    return pid, ns, line.decode().strip()


def stop(pid):
    try:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def main():
    spec = json.loads(sys.argv[1])
    alive = []
    for args in spec["instances"]:
        pid, ns, line = spawn_one(spec["binary"], args)
        print(json.dumps({"ns": ns, "ready": line, "pid": pid}), flush=True)
        if spec.get("keep"):
            alive.append(pid)
        else:
            stop(pid)
    if spec.get("keep"):
        print(json.dumps({"done": True}), flush=True)
        sys.stdin.read()
        for pid in alive:
            os.kill(pid, signal.SIGTERM)
        for pid in alive:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass


main()
