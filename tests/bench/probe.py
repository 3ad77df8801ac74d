#!/usr/bin/env python3
"""Helpers for run-benchmark.sh that need better than shell precision.

  probe.py start LOG URL -- COMMAND...
      Spawns COMMAND (stderr to LOG), polls URL until it answers 200 and
      prints "PID MILLISECONDS": the time from spawn to the first 200.
      The process keeps running; the caller stops it.

  probe.py memory PID
      Prints "VmRSS VmHWM RssAnon RssFile" in kB, from /proc/PID/status.

  probe.py sample PID SECONDS OUT
      Writes "second VmRSS VmHWM" (kB) every second for SECONDS to OUT.

Only the standard library; only 127.0.0.1.
"""

import http.client
import subprocess
import sys
import time
from urllib.parse import urlsplit


def start(log, url, command):
    parts = urlsplit(url)
    if parts.hostname != "127.0.0.1":
        sys.exit("probe.py only talks to 127.0.0.1")
    with open(log, "wb") as err:
        began = time.monotonic()
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True
        )
    deadline = began + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"the server exited with {process.returncode}; see {log}")
        try:
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=1)
            connection.request("GET", parts.path or "/")
            status = connection.getresponse().status
            connection.close()
            if status == 200:
                elapsed = (time.monotonic() - began) * 1000
                print(f"{process.pid} {elapsed:.1f}")
                return
        except OSError:
            pass
        time.sleep(0.0005)
    process.kill()
    sys.exit(f"no 200 from {url} within 30 s")


def memory_fields(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
                fields[key] = int(value.split()[0])
    return fields


def memory(pid):
    f = memory_fields(pid)
    print(f["VmRSS"], f["VmHWM"], f["RssAnon"], f["RssFile"])


def sample(pid, seconds, out):
    with open(out, "w") as file:
        began = time.monotonic()
        for second in range(1, int(seconds) + 1):
            time.sleep(max(0.0, began + second - time.monotonic()))
            f = memory_fields(pid)
            file.write(f"{second} {f['VmRSS']} {f['VmHWM']}\n")
            file.flush()


def main():
    if len(sys.argv) >= 5 and sys.argv[1] == "start" and sys.argv[4] == "--":
        start(sys.argv[2], sys.argv[3], sys.argv[5:])
    elif len(sys.argv) == 3 and sys.argv[1] == "memory":
        memory(sys.argv[2])
    elif len(sys.argv) == 5 and sys.argv[1] == "sample":
        sample(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
