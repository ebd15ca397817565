"""Load over HTTP: `zoek serve` on 127.0.0.1, driven by wrk or a Python client.

Both clients cycle through the query set as /api/search?q=..., keep
connections alive, and stop at a time limit or a request count, whichever
comes first. The client runs on the same machine as the server and shares
its CPUs, so the figures are a lower bound for a server with cores of its own.
"""

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from benchmarks.queries import latency_summary

ROOT = Path(__file__).resolve().parent.parent
WRK_THREADS = 2


def api_paths(queries: list[str]) -> list[str]:
    return ["/api/search?" + urllib.parse.urlencode({"q": q}) for q in queries]


# --------------------------------------------------------------- server -----

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`zoek serve` in a child process on a free port; its log goes to a file."""

    def __init__(self, index_dir: Path, workers: int, threads: int, log_path: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(log_path, "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "indexer.cli", "serve", "--index", str(index_dir),
             "--host", "127.0.0.1", "--port", str(self.port),
             "--workers", str(workers), "--threads", str(threads)],
            cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT,
            env={**os.environ, "ZOEK_RESULT_CACHE": "0"})  # every request searched, none replayed
        try:
            self.wait_ready(60)
        except BaseException:
            self.stop()
            raise

    def wait_ready(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"zoek serve exited with status {self.proc.returncode}; "
                                   f"see {self.log.name}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=5) as r:
                    if r.status == 200:
                        return
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"zoek serve did not answer in {seconds:.0f} s") from None
                time.sleep(0.2)

    def stop(self) -> None:
        self.proc.terminate()  # gunicorn's master stops its workers
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def stat_fields(pid) -> list[str]:
    """The fields of /proc/PID/stat after "pid (name)"; [] once the process is gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            return f.read().rsplit(")", 1)[1].split()
    except OSError:
        return []


def children(pid: int) -> list[int]:
    """The process ids whose parent is `pid` (gunicorn's workers of its master)."""
    return sorted(int(entry) for entry in os.listdir("/proc")
                  if entry.isdigit() and stat_fields(entry)[1:2] == [str(pid)])


def cpu_seconds(pid: int) -> float:
    """A process's user + system CPU seconds so far (0 once it is gone)."""
    fields = stat_fields(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") if fields else 0.0


def steal_seconds() -> float:
    """CPU seconds the hypervisor gave to others, summed over this machine's CPUs."""
    with open("/proc/stat", encoding="ascii") as f:
        return int(f.readline().split()[8]) / os.sysconf("SC_CLK_TCK")


def private_mb(pid: int) -> float | None:
    """A process's private memory (Private_Clean + Private_Dirty of smaps_rollup), in MB:
    shared mapped pages (the index in the page cache) are not counted."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
            kb = sum(int(line.split()[1]) for line in f if line.startswith(("Private_Clean:", "Private_Dirty:")))
    except OSError:
        return None
    return round(kb / 1024, 1)


def measure_memory(index_dir: Path, paths: list[str], work: Path, threads: int = 2,
                   workers: int = 2) -> dict:
    """The serving workers' private memory after warm-up and two passes of the queries."""
    server = Server(index_dir, workers, threads, work / "serve-memory.log")
    try:
        check_answer(server.url, paths[0])
        run_python_clients(server.url, paths, 4, 600, 2 * len(paths))
        mbs = [private_mb(pid) for pid in children(server.proc.pid)]
    finally:
        server.stop()
    return {"workers": workers, "threads": threads, "requests": 2 * len(paths),
            "private_mb": [m for m in mbs if m is not None]}


def check_answer(url: str, path: str) -> int:
    """Number of results of one request; fails loudly if the API is not answering right."""
    with urllib.request.urlopen(url + path, timeout=30) as r:
        return len(json.load(r)["results"])


# ------------------------------------------------------------------ wrk -----

def find_wrk(install: bool = True) -> str | None:
    """The wrk binary; installed from Debian when missing and we are root."""
    if shutil.which("wrk") or not install or os.geteuid() != 0:
        return shutil.which("wrk")
    print("wrk is missing: apt-get install wrk", file=sys.stderr)
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    if subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], **quiet).returncode:
        subprocess.run(["apt-get", "update", "-q"], **quiet)
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], **quiet)
    return shutil.which("wrk")


WRK_SCRIPT = """\
-- Generated by benchmarks/http_load.py: cycles through the benchmark's queries.
local paths = {%(paths)s}
local limit = %(limit)d  -- responses per wrk thread
local counter = 0
function setup(thread)
  thread:set("offset", counter * 67)  -- threads start at different queries
  counter = counter + 1
end
function init(args)
  i = offset or 0
  seen = 0
end
function request()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
function response(status, headers, body)
  seen = seen + 1
  if seen >= limit then wrk.thread:stop() end
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('BENCH-JSON {"requests": %%d, "duration_us": %%d, "connect": %%d, '
    .. '"read": %%d, "write": %%d, "status": %%d, "timeout": %%d, "p50_us": %%d, '
    .. '"p95_us": %%d, "p99_us": %%d, "mean_us": %%.1f, "max_us": %%d}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.mean, latency.max))
end
"""


def lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def run_wrk(wrk: str, url: str, paths: list[str], connections: int, seconds: float,
            max_requests: int, script: Path) -> dict:
    script.write_text(WRK_SCRIPT % {"paths": ", ".join(map(lua_string, paths)),
                                    "limit": -(-max_requests // WRK_THREADS)}, encoding="utf-8")
    cmd = [wrk, "-t", str(WRK_THREADS), "-c", str(connections), "-d", f"{seconds:.0f}s",
           "--timeout", "10s", "-s", str(script), url]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    line = next((s for s in out.stdout.splitlines() if s.startswith("BENCH-JSON ")), None)
    if out.returncode or line is None:
        raise RuntimeError(f"wrk failed ({out.returncode}): {out.stderr.strip() or out.stdout[-500:]}")
    r = json.loads(line.removeprefix("BENCH-JSON "))
    errors = {k: r[k] for k in ("connect", "read", "write", "timeout")}
    return {
        "client": "wrk", "connections": connections, "requests": r["requests"],
        "seconds": round(r["duration_us"] / 1e6, 2),
        "requests_per_s": round(r["requests"] / (r["duration_us"] / 1e6), 1),
        "p50_ms": r["p50_us"] / 1000, "p95_ms": r["p95_us"] / 1000, "p99_ms": r["p99_us"] / 1000,
        "mean_ms": round(r["mean_us"] / 1000, 3), "max_ms": r["max_us"] / 1000,
        "non_2xx": r["status"], "socket_errors": errors, "errors": r["status"] + sum(errors.values()),
    }


# -------------------------------------------------------- Python client -----

def run_python_clients(url: str, paths: list[str], connections: int, seconds: float,
                       max_requests: int) -> dict:
    """Keep-alive http.client connections in threads; slower than wrk (the GIL), but no install."""
    parts = urllib.parse.urlsplit(url)
    deadline = time.perf_counter() + seconds
    lock = threading.Lock()
    state = {"sent": 0, "non_2xx": 0, "socket_errors": 0}
    samples: list[float] = []

    def client(k: int) -> None:
        conn, i = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10), k * 67
        while time.perf_counter() < deadline:
            with lock:
                if state["sent"] >= max_requests:
                    break
                state["sent"] += 1
            path, i = paths[i % len(paths)], i + 1
            t0 = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                conn.close()  # reconnects on the next request
                with lock:
                    state["socket_errors"] += 1
                continue
            with lock:
                samples.append((time.perf_counter() - t0) * 1000)
                state["non_2xx"] += not 200 <= status < 300
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    if not samples:
        raise RuntimeError(f"no request to {url} succeeded")
    summary = latency_summary(samples)
    return {
        "client": "python", "connections": connections, "requests": len(samples),
        "seconds": round(elapsed, 2), "requests_per_s": round(len(samples) / elapsed, 1),
        **{k: v for k, v in summary.items() if k != "count"},
        "non_2xx": state["non_2xx"], "socket_errors": state["socket_errors"],
        "errors": state["non_2xx"] + state["socket_errors"],
    }


def measure_http(index_dir: Path, paths: list[str], threads: int, work: Path, *, wrk: str | None,
                 workers: int = 2, connections: int = 16, seconds: float = 20,
                 max_requests: int = 100_000) -> dict:
    """Start a server, warm it up, load it, stop it; the load figures."""
    server = Server(index_dir, workers, threads, work / f"serve-{index_dir.name}-t{threads}.log")
    try:
        check_answer(server.url, paths[0])
        run_python_clients(server.url, paths, 4, 3, 2 * len(paths))  # warm up both workers
        # Where the CPUs went during the load: a low figure says whether the workers were
        # starved (the host's steal time) or one of them got most of the connections.
        pids = children(server.proc.pid)
        cpu_before, steal_before = [cpu_seconds(p) for p in pids], steal_seconds()
        if wrk:
            result = run_wrk(wrk, server.url, paths, connections, seconds, max_requests,
                             work / "queries.lua")
        else:
            result = run_python_clients(server.url, paths, connections, seconds, max_requests)
        result["worker_cpu_s"] = [round(cpu_seconds(p) - b, 2) for p, b in zip(pids, cpu_before)]
        result["steal_s"] = round(steal_seconds() - steal_before, 1)
    finally:
        server.stop()
    # Stopped by the limit rather than the clock: wrk still counts the whole duration,
    # so requests/s is then a lower bound.
    result["capped"] = result["requests"] >= max_requests
    return {"workers": workers, "threads": threads, **result}
