#!/usr/bin/env python3
"""A runtime's own cold start, without the node: starts a runtime command N times as a plain process
(with only Lambda's variables, cwd = TASK_ROOT), serves each one /next from a minimal Runtime API and
prints medians of: start -> first /next ("next"), start -> /response ("resp"), and the process's CPU
time (user + system, from wait4) -- the figure to compare on a busy machine.

Usage: lamina-bench/runtime-start.py N COMMAND...   (docs/benchmarks.md, "Cold starts")
Environment: HANDLER (default app.handler), TASK_ROOT (default /tmp/cs/task), SHOW=1 to see its
output, TRAIN=1 to end each run with SIGTERM instead of SIGKILL, ENV_<NAME>=value to add a variable."""
import os, socket, subprocess, sys, time, statistics
n = int(sys.argv[1]); cmd = sys.argv[2:]
handler = os.environ.get("HANDLER", "app.handler")
task_root = os.environ.get("TASK_ROOT", "/tmp/cs/task")
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); srv.bind(("127.0.0.1", 0)); srv.listen(5); srv.settimeout(10)
port = srv.getsockname()[1]
def read_req(c, buf):
    while b"\r\n\r\n" not in buf:
        d = c.recv(65536)
        if not d: return None, buf
        buf += d
    head, _, rest = buf.partition(b"\r\n\r\n")
    cl = 0
    for line in head.split(b"\r\n")[1:]:
        k, _, v = line.partition(b":")
        if k.strip().lower() == b"content-length": cl = int(v)
    while len(rest) < cl:
        rest += c.recv(65536)
    return head.split(b"\r\n")[0], rest[cl:]
res = {"next": [], "resp": [], "cpu": []}
for i in range(n):
    env = {"PATH": "/usr/bin:/bin", "LANG": "en_US.UTF-8", "TZ": ":UTC", "_HANDLER": handler,
           "AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{port}", "LAMBDA_TASK_ROOT": task_root,
           "AWS_LAMBDA_FUNCTION_NAME": "f", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "128",
           "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST", "AWS_EXECUTION_ENV": "AWS_Lambda_x"}
    env.update({k[4:]: v for k, v in os.environ.items() if k.startswith("ENV_")})
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, cwd=task_root, stdout=subprocess.DEVNULL if not os.environ.get("SHOW") else None, stderr=subprocess.STDOUT)
    try:
        c, _ = srv.accept()
    except socket.timeout:
        print("runtime never connected, exit", p.poll()); p.kill(); p.wait(); continue
    c.settimeout(10)
    line, buf = read_req(c, b"")
    t1 = time.perf_counter()
    body = b'{"hello":"world"}'
    c.sendall(b"HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: 8476a536-e9f4-11e8-9739-2dfe598c3fcd\r\nLambda-Runtime-Deadline-Ms: %d\r\nLambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:123456789012:function:f\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % (int(time.time()*1000)+3000, len(body)) + body)
    line2, buf = read_req(c, buf)
    t2 = time.perf_counter()
    c.sendall(b"HTTP/1.1 202 Accepted\r\nContent-Length: 16\r\n\r\n{\"status\":\"OK\"}\n")
    line3, buf = read_req(c, buf)  # next /next
    if os.environ.get("TRAIN"):
        p.terminate()
        t5 = time.perf_counter()
        _, st, ru = os.wait4(p.pid, 0); print("exit status", st, "after", time.perf_counter() - t5)
    else:
        p.kill(); _, st, ru = os.wait4(p.pid, 0)
    c.close()
    res["next"].append((t1-t0)*1000); res["resp"].append((t2-t0)*1000); res["cpu"].append((ru.ru_utime+ru.ru_stime)*1000)
    if i == 0 and os.environ.get("SHOW"): print(line, line2, line3)
for k, v in res.items():
    print(f"{k:5s} median {statistics.median(v):6.1f}  min {min(v):6.1f}  max {max(v):6.1f}")
