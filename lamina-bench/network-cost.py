"""Cold start and warm invoke with --network isolated against --network host (see run-network).

Each round starts one node per mode (in turn, so both see the same machine), creates fresh Python
functions and measures, from a client on the same host over one keep-alive connection:
- cold: the first invoke of a new function (a spare sandbox is waiting: the node keeps one per
  runtime), minus nothing: the client-observed latency, median over --cold functions;
- warm: sequential invokes of one warm function, median and p99 over --warm calls.
The node runs with --no-auth so that signing costs nothing on the client's side.
"""
import argparse
import http.client
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

# runtime -> (file, handler, source) of the trivial function
FUNCTIONS = {
    "python3.11": ("app.py", "app.handler", "def handler(event, context):\n    return {'ok': True}\n"),
    "nodejs20.x": ("index.js", "index.handler", "exports.handler = async () => ({ ok: true });\n"),
}


def zipped(runtime):
    file, _, source = FUNCTIONS[runtime]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(file, source)
    import base64
    return base64.b64encode(buf.getvalue()).decode()


class Node:
    def __init__(self, root, mode):
        self.dir = tempfile.mkdtemp(prefix="lamina-netbench-")
        self.proc = subprocess.Popen(
            [os.path.join(root, "lamina"), "server", "--port", "0", "--no-auth", "--network", mode,
             "--data-dir", self.dir],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        for line in self.proc.stdout:
            m = re.search(r"ready at http://([\d.]+):(\d+)", line)
            if m:
                self.host, self.port = m.group(1), int(m.group(2))
                break
        else:
            raise SystemExit("the node did not start")
        self.conn = http.client.HTTPConnection(self.host, self.port)

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        self.conn.request(method, path, body=data, headers={"Content-Type": "application/json"})
        r = self.conn.getresponse()
        out = r.read()
        if r.status >= 300 or r.getheader("X-Amz-Function-Error"):
            raise SystemExit(f"{method} {path}: {r.status} {out[:200]!r}")
        return out

    def create(self, name, code, runtime):
        self.call("POST", "/2015-03-31/functions", {
            "FunctionName": name, "Runtime": runtime, "Handler": FUNCTIONS[runtime][1],
            "Role": "arn:aws:iam::000000000000:role/bench", "Code": {"ZipFile": code}})
        for _ in range(200):
            state = json.loads(self.call("GET", f"/2015-03-31/functions/{name}/configuration"))["State"]
            if state == "Active":
                return
            time.sleep(0.05)

    def invoke(self, name):
        start = time.perf_counter_ns()
        self.call("POST", f"/2015-03-31/functions/{name}/invocations", {})
        return (time.perf_counter_ns() - start) / 1e6

    def close(self):
        self.proc.terminate()
        self.proc.wait(30)
        shutil.rmtree(self.dir, ignore_errors=True)


def measure(root, mode, cold_n, warm_n, code, runtime):
    node = Node(root, mode)
    try:
        node.create("warm", code, runtime)
        node.invoke("warm")  # its cold start also starts the runtime's spare
        time.sleep(1)
        colds = []
        for i in range(cold_n):
            node.create(f"cold{i}", code, runtime)
            time.sleep(1.5)  # the spare taken by the previous cold start is made again
            colds.append(node.invoke(f"cold{i}"))
        for _ in range(min(200, warm_n)):
            node.invoke("warm")
        warms = sorted(node.invoke("warm") for _ in range(warm_n))
        return statistics.median(colds), statistics.median(warms) * 1000, warms[int(len(warms) * 0.99) - 1] * 1000
    finally:
        node.close()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--root", required=True)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--cold", type=int, default=10)
    p.add_argument("--warm", type=int, default=2000)
    p.add_argument("--csv")
    p.add_argument("--runtime", choices=sorted(FUNCTIONS), default="python3.11")
    a = p.parse_args()
    code = zipped(a.runtime)
    rows = []
    for r in range(a.rounds):
        for mode in ("host", "isolated"):
            cold, warm, p99 = measure(a.root, mode, a.cold, a.warm, code, a.runtime)
            rows.append((r, mode, cold, warm, p99))
            print(f"round {r} {mode}: cold {cold:.1f} ms, warm median {warm:.0f} us, p99 {p99:.0f} us",
                  file=sys.stderr)
    lines = ["round,network,cold_ms,warm_median_us,warm_p99_us"]
    lines += [f"{r},{m},{c:.2f},{w:.1f},{p:.1f}" for r, m, c, w, p in rows]
    summary = []
    for metric, i in (("cold_ms", 2), ("warm_median_us", 3), ("warm_p99_us", 4)):
        for mode in ("host", "isolated"):
            v = [row[i] for row in rows if row[1] == mode]
            summary.append(f"# {metric} {mode}: median {statistics.median(v):.2f} (min {min(v):.2f}, max {max(v):.2f})")
        h = statistics.median([row[i] for row in rows if row[1] == "host"])
        iso = statistics.median([row[i] for row in rows if row[1] == "isolated"])
        summary.append(f"# {metric} isolated - host: {iso - h:+.2f}")
    out = "\n".join(lines + summary) + "\n"
    print(out, end="")
    if a.csv:
        with open(a.csv, "w") as f:
            f.write(out)


if __name__ == "__main__":
    main()
