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

  probe.py logins URL COUNT NAME
      Takes COUNT login forms from URL/moderate, then sends all COUNT wrong
      passwords for NAME at once, each from its own network (X-Forwarded-For:
      the server must run with --behind-proxy), and prints how many answers
      of each status came back, as "STATUS:COUNT ...".

Only the standard library; only 127.0.0.1.
"""

import re
import threading
from collections import Counter
from urllib.parse import urlencode

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


def logins(url, count, name):
    parts = urlsplit(url)
    if parts.hostname != "127.0.0.1":
        sys.exit("probe.py only talks to 127.0.0.1")
    tokens = []
    for _ in range(count):
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        connection.request("GET", "/moderate")
        page = connection.getresponse().read().decode()
        connection.close()
        found = re.search(r'name="token" value="([^"]+)"', page)
        if not found:
            sys.exit("the login form carries no token")
        tokens.append(found.group(1))
    statuses = Counter()
    lock = threading.Lock()
    ready = threading.Barrier(count)

    def attempt(index, token):
        body = urlencode({"token": token, "name": name, "password": "not the password"})
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Sec-Fetch-Site": "same-origin",
            # One network each, so no per-network limit stops them early.
            "X-Forwarded-For": f"10.{index // 256}.{index % 256}.7",
        }
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
        ready.wait()
        try:
            connection.request("POST", "/moderate/login", body, headers)
            status = connection.getresponse().status
        except OSError:
            status = "error"
        connection.close()
        with lock:
            statuses[status] += 1

    threads = [
        threading.Thread(target=attempt, args=(index, token))
        for index, token in enumerate(tokens)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(" ".join(f"{status}:{n}" for status, n in sorted(statuses.items(), key=str)))


def main():
    if len(sys.argv) >= 5 and sys.argv[1] == "start" and sys.argv[4] == "--":
        start(sys.argv[2], sys.argv[3], sys.argv[5:])
    elif len(sys.argv) == 3 and sys.argv[1] == "memory":
        memory(sys.argv[2])
    elif len(sys.argv) == 5 and sys.argv[1] == "logins":
        logins(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif len(sys.argv) == 5 and sys.argv[1] == "sample":
        sample(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
