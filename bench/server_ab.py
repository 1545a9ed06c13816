"""`python -m bench.server_ab [--repo PATH ...] [--cheroot] [--tls] [--rounds N]`: one process's
throughput, checkout against checkout and server against server, in the same run.

Each configuration is started in turn, for `--rounds` rounds (interleaved, so a change in the
machine's load falls on all of them alike), and measured with bench/load.py: GET /healthz, POST
/api/check of the same material again (the pane's re-check) and of a different material each
time (a first check). Printed per configuration: medians of requests per second, of the ratio to
/healthz of the same round, and of the server process's CPU time per request (user + system, all
threads, from /proc), which a shared machine disturbs least.

    --repo PATH   another checkout whose code is measured too (default: only this one)
    --cheroot     also serve each checkout's app through cheroot's threaded WSGI server, the local
                  server before hypercorn (needs `pip install cheroot`; not a dependency)

docs/performance.md ("Throughput of one process") reports a run of it.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from . import load

REPO = Path(__file__).resolve().parents[1]
READY = re.compile(r"serving on (https?)://[^:]+:(\d+)/")

# Serves the app of the checkout on sys.path[0] through cheroot, as the local server did before
# it moved to hypercorn (addin_server/server.py at that time): 8 threads, the access log on.
CHEROOT = """
import sys
from cheroot import wsgi
from addin_server.app import create_app
from addin_server.server import AccessLog
server = wsgi.Server(("127.0.0.1", 0), AccessLog(create_app()), numthreads=8, shutdown_timeout=5)
if len(sys.argv) > 2:
    from cheroot.ssl.builtin import BuiltinSSLAdapter
    server.ssl_adapter = BuiltinSSLAdapter(sys.argv[1], sys.argv[2])
server.prepare()
print(f"serving on http://127.0.0.1:{server.bind_addr[1]}/", flush=True)
try:
    server.serve()
except KeyboardInterrupt:
    server.stop()
"""


class Child:
    """One configuration's server process on a free loopback port."""

    def __init__(self, repo: Path, cheroot: bool, tls: bool):
        self.repo, self.cheroot, self.tls = repo, cheroot, tls

    def __enter__(self) -> "Child":
        self._dir = tempfile.TemporaryDirectory(prefix="addin-ab-")
        env = {k: v for k, v in os.environ.items() if not k.startswith("ADDIN_SERVER_")}
        env.update({"ADDIN_SERVER_CONFIG_DIR": self._dir.name, "PYTHONUNBUFFERED": "1",
                    "PYTHONPATH": str(self.repo)})
        cert = []
        self.client_tls = None
        if self.tls:
            import ssl

            from addin_server import certs

            where, _ = certs.install(Path(self._dir.name) / "certs")
            cert = [str(where.cert), str(where.key)]
            self.client_tls = ssl.create_default_context(cafile=str(where.ca_cert))
        if self.cheroot:
            command = [sys.executable, "-c", CHEROOT, *cert]
        else:
            transport = ["--cert", cert[0], "--key", cert[1]] if cert else ["--no-tls"]
            command = [sys.executable, "-m", "addin_server", "serve", *transport,
                       "--host", "127.0.0.1", "--port", "0"]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                        text=True, env=env, cwd=self.repo)
        for line in self.process.stdout:
            match = READY.search(line)
            if match:
                self.port = int(match.group(2))
                return self
        self.__exit__()
        raise RuntimeError(f"the server of {self.repo} did not start")

    def __exit__(self, *exc) -> None:
        load.stop_process(self.process)
        self.process.stdout.close()
        self._dir.cleanup()

    def measure(self, requests: list[bytes], seconds: float) -> tuple[float, float | None]:
        """(requests per second, server CPU seconds per request or None)."""
        before = load.cpu_seconds(self.process.pid)
        result = load.run(self.port, requests, clients=16, seconds=seconds, tls=self.client_tls)
        if result.errors:
            raise RuntimeError(f"errors under load: {result.errors}")
        after = load.cpu_seconds(self.process.pid)
        cpu = (after - before) / result.requests if before is not None and result.requests else None
        return result.rate, cpu


def check_request(seed: int) -> bytes:
    from .generate import material
    from .run import _materials_module

    paragraphs = _materials_module().pane_json(material(seed=seed, target_chars=3000))
    body = json.dumps({"paragraphs": paragraphs}, ensure_ascii=False).encode()
    return load.request("POST", "/api/check", body)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repo", type=Path, action="append", default=[])
    ap.add_argument("--cheroot", action="store_true")
    ap.add_argument("--tls", action="store_true", help="HTTPS, as a user's Word connects")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--seconds", type=float, default=4.0)
    args = ap.parse_args(argv)
    configs = []
    for repo in [REPO, *args.repo]:
        name = "this checkout" if repo == REPO else str(repo)
        configs.append((f"{name}, hypercorn", repo, False))
        if args.cheroot:
            configs.append((f"{name}, cheroot", repo, True))
    cases = {"healthz": [load.request("GET", "/healthz")], "re-check": [check_request(2)],
             # 400 materials in turn: each is forgotten by the caches before it comes round again
             "first check": [check_request(seed) for seed in range(1000, 1400)]}
    figures: dict[str, dict[str, list]] = {name: {} for name, _, _ in configs}
    for round_ in range(args.rounds):
        for name, repo, cheroot in configs:
            with Child(repo, cheroot, args.tls) as child:
                child.measure(cases["re-check"], 1.0)   # warm-up
                rates = {case: child.measure(requests, args.seconds) for case, requests in cases.items()}
            health = rates["healthz"][0]
            for case, (rate, cpu) in rates.items():
                got = figures[name].setdefault(case, {"rate": [], "ratio": [], "cpu": []})
                got["rate"].append(rate)
                got["ratio"].append(rate / health)
                if cpu is not None:
                    got["cpu"].append(cpu)
            print(f"round {round_ + 1}: {name}: " + ", ".join(
                f"{case} {rate:.0f}/s" for case, (rate, _) in rates.items())
                + f" (load average {os.getloadavg()[0]:.1f})", flush=True)
    print(f"\nmedians of {args.rounds} rounds, {'HTTPS' if args.tls else 'HTTP'}, 16 clients:")
    print("| configuration | case | req/s | ratio to /healthz | server CPU per request |")
    print("|---|---|---|---|---|")
    for name, cases_of in figures.items():
        for case, got in cases_of.items():
            cpu = f"{statistics.median(got['cpu']) * 1000:.2f} ms" if got["cpu"] else "n/a"
            ratio = "" if case == "healthz" else f"{statistics.median(got['ratio']):.3f}"
            print(f"| {name} | {case} | {statistics.median(got['rate']):.0f} | {ratio} | {cpu} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
