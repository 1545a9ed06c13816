"""`python -m bench.cold_start`: what a user waits for first (issue 26).

- A one-shot `addin-server check 材料.docx` of a ~3,000-character material, as a whole process,
  against python-docx opening the same file in a process of its own (the floor any .docx tool
  pays): wall clock and CPU (the processes' user + system time), median of --rounds.
- The server: from the moment it accepts connections (its "listening" line) to the answer of
  its first /api/check of a ~3,000-character material, against a second check of another one.

Figures are taken on whatever machine runs this, loaded or not: the CPU figures are the
comparable ones on a shared machine. By default the user's cache holds what earlier runs kept (an
untimed first run is made here; --cold-cache removes the lexicon first). --first-run gives every
timed run a new, empty cache folder: the very first check after installing (an installed wheel
ships the lexicon and the segmentation trie, a checkout builds them). --python runs another
environment's installed server, from a folder outside the checkout:

    python -m bench.cold_start --python /tmp/fr/bin/python --first-run
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import load

REPO = Path(__file__).resolve().parent.parent


def _material_docx(folder: Path) -> Path:
    import docx

    from .generate import material

    document = docx.Document()
    for text, style in material(seed=5, target_chars=3000):
        document.add_paragraph(text)
    path = folder / "材料.docx"
    document.save(str(path))
    return path


def _env(cache: Path | None = None) -> dict:
    """As an installed package runs: with its modules' bytecode (.pyc) written and read; with
    `cache`, that folder as the user's (empty: a first run)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if cache is not None:
        env.pop("ADDIN_SERVER_CACHE_DIR", None)
        env["XDG_CACHE_HOME"] = str(cache)
    return env


def _process(args: list[str], cwd: Path = REPO, cache: Path | None = None) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd, check=False,
                   env=_env(cache))
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def cli(rounds: int, python: str | None = None, first_run: bool = False) -> dict:
    python = python or sys.executable
    with tempfile.TemporaryDirectory(prefix="addin-cold-") as folder:
        folder = Path(folder)
        path = _material_docx(folder)
        # The checkout's package, or (--python) the environment's installed one: run from outside.
        cwd = folder if python != sys.executable else REPO
        docx_runs, check_runs = [], []
        # One untimed run of each first: it writes the bytecode an installed package ships with
        # and the compiled lexicon an installed server builds on its first start.
        _process([python, "-c", f"import docx; docx.Document({str(path)!r})"], cwd)
        _process([python, "-m", "addin_server", "check", str(path)], cwd,
                 folder / "warm-up" if first_run else None)
        for i in range(rounds):
            docx_runs.append(_process([python, "-c",
                                       f"import docx; docx.Document({str(path)!r})"], cwd))
            check_runs.append(_process([python, "-m", "addin_server", "check", str(path)], cwd,
                                       folder / f"empty-{i}" if first_run else None))
    median = lambda runs, i: statistics.median(r[i] for r in runs)  # noqa: E731
    return {"docx_wall": median(docx_runs, 0), "docx_cpu": median(docx_runs, 1),
            "check_wall": median(check_runs, 0), "check_cpu": median(check_runs, 1)}


def _post(port: int, body: bytes) -> float:
    start = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(load.request("POST", "/api/check", body))
        data = b""
        while b"\r\n\r\n" not in data:
            data += s.recv(65536)
        head, rest = data.split(b"\r\n\r\n", 1)
        length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                      if line.lower().startswith(b"content-length"))
        while len(rest) < length:
            rest += s.recv(65536)
    if not head.startswith(b"HTTP/1.1 200"):
        raise RuntimeError(head.decode("latin-1"))
    return time.perf_counter() - start


def server(python: str | None = None, first_run: bool = False) -> dict:
    from .generate import material
    from .run import _materials_module

    bodies = [json.dumps({"paragraphs": _materials_module().pane_json(
        material(seed=seed, target_chars=3000))}, ensure_ascii=False).encode() for seed in (6, 7)]
    out = {}
    for delay in (0.0, 0.3):
        with tempfile.TemporaryDirectory(prefix="addin-cold-") as folder, load.Server(
                env={"PYTHONDONTWRITEBYTECODE": "",
                     **({"XDG_CACHE_HOME": folder} if first_run else {})},
                python=python, cwd=Path(folder) if python else None, timeout=120) as running:
            cpu_at_ready = load.cpu_seconds(running.pid)
            time.sleep(delay)
            first = _post(running.port, bodies[0])
            cpu_first = load.cpu_seconds(running.pid)
            second = _post(running.port, bodies[1])
            cpu_second = load.cpu_seconds(running.pid)
        out[delay] = {"first": first, "second": second,
                      "cpu_first": (cpu_first - cpu_at_ready) if cpu_at_ready is not None else None,
                      "cpu_second": (cpu_second - cpu_first) if cpu_first is not None else None}
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--cold-cache", action="store_true",
                    help="remove the compiled lexicon first (the first run after installing)")
    ap.add_argument("--first-run", action="store_true",
                    help="a new, empty cache folder for every timed run (the first run after installing)")
    ap.add_argument("--python", help="the interpreter of an environment the server is installed in")
    args = ap.parse_args(argv)
    if args.cold_cache:
        from addin_server.checks.proof import lexicon

        lexicon.cache_path().unlink(missing_ok=True)
    c = cli(args.rounds, args.python, args.first_run)
    print(f"one-shot check of a 3,000-character .docx: {c['check_wall']:.2f} s wall, "
          f"{c['check_cpu']:.2f} s CPU; python-docx opening it: {c['docx_wall']:.2f} s wall, "
          f"{c['docx_cpu']:.2f} s CPU; ratio {c['check_wall'] / c['docx_wall']:.1f}× wall, "
          f"{c['check_cpu'] / c['docx_cpu']:.1f}× CPU (target ≤ 3×)")
    for delay, s in server(args.python, args.first_run).items():
        cpu = (f"; server CPU from accepting connections to the first answer "
               f"{s['cpu_first'] * 1000:.0f} ms, for the second {s['cpu_second'] * 1000:.0f} ms"
               if s["cpu_first"] is not None else "")
        print(f"server, first check sent {delay * 1000:.0f} ms after it accepts connections: "
              f"answered in {s['first'] * 1000:.0f} ms, a second check {s['second'] * 1000:.0f} ms"
              f"{cpu}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
