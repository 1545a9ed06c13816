"""`python -m bench.soak [--minutes 10]`: a bounded soak of the real server on loopback.

Mixed traffic for the given time — pane checks of different materials, .docx uploads (good and
hostile), scaffold and remedy rendering, framework listings, malformed JSON, unknown paths — from
8 keep-alive clients. Pass criteria: zero 5xx and zero transport errors, every response of the
expected status, and the server's resident memory at the end within 10% of where it stood after
the warm-up round (so caches that fill once are not counted as a leak). Not run in CI.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import uuid

from . import load
from .generate import material
from .run import _materials_module
from .timing import percentile

RSS_GROWTH_LIMIT = 0.10
CLIENTS = 8
ROUND_SECONDS = 30.0


def _multipart(data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = b"".join([
        f"--{boundary}\r\n".encode(),
        b'Content-Disposition: form-data; name="file"; filename="m.docx"\r\n',
        b"Content-Type: application/octet-stream\r\n\r\n", data, f"\r\n--{boundary}--\r\n".encode()])
    return body, f"multipart/form-data; boundary={boundary}"


def mixed_requests() -> list[tuple[bytes, set[int]]]:
    """(request, acceptable statuses) pairs covering every kind of traffic the pane and users send."""
    materials = _materials_module()
    import hostile  # tests/ is on sys.path via _materials_module

    out: list[tuple[bytes, set[int]]] = []
    for seed in range(12):
        paras = material(seed=seed, target_chars=2000 + 1000 * (seed % 10))
        body = json.dumps({"paragraphs": materials.pane_json(paras)}, ensure_ascii=False).encode()
        out.append((load.request("POST", "/api/check", body), {200}))
    for seed in range(3):
        data, ctype = _multipart(materials.build_docx(material(seed=100 + seed, target_chars=6000)))
        out.append((load.request("POST", "/api/check/docx", data, content_type=ctype), {200}))
    for build in (hostile.zip_bomb, hostile.xxe_docx, hostile.fake_doc, hostile.png_bytes,
                  hostile.many_entries_zip):
        data, ctype = _multipart(build())
        out.append((load.request("POST", "/api/check/docx", data, content_type=ctype), {413, 422}))
    out.append((load.request("POST", "/api/scaffold", json.dumps({}).encode()), {200}))
    out.append((load.request("GET", "/api/frameworks"), {200}))
    out.append((load.request("GET", "/api/frameworks/zhuti-2023"), {200}))
    out.append((load.request("GET", "/api/remedies"), {200}))
    out.append((load.request("GET", "/healthz"), {200}))
    out.append((load.request("POST", "/api/check", b"{not json"), {400}))
    out.append((load.request("POST", "/api/check", b'{"paragraphs": 5}'), {400}))
    out.append((load.request("GET", "/api/no-such-thing"), {404}))
    return out


def _round(port: int, requests, seconds: float) -> tuple[load.Result, list[str]]:
    """All kinds of request, each checked against its own acceptable statuses."""
    total = load.Result()
    problems = []
    per_kind = max(seconds / len(requests), 0.05)
    for payload, accepted in requests:
        result = load.run(port, [payload], clients=CLIENTS, seconds=per_kind)
        total.requests += result.requests
        total.seconds += result.seconds
        total.latencies.extend(result.latencies)
        for status, n in result.statuses.items():
            total.statuses[status] = total.statuses.get(status, 0) + n
            if status not in accepted:
                problems.append(f"{payload.split(b' ', 2)[:2]} → {status} ×{n}")
        for name, n in result.errors.items():
            if not name.startswith("HTTP "):
                problems.append(f"{payload.split(b' ', 2)[:2]} → {name} ×{n}")
    return total, problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="duration (default 10)")
    args = parser.parse_args(argv)
    requests = mixed_requests()
    deadline_seconds = args.minutes * 60
    with load.Server(env={"ADDIN_SERVER_ACCESS_LOG": "false"}) as server:
        # Warm-up: a full round fills jieba, style and template caches and lets every worker
        # thread reach its working size (glibc keeps a per-thread arena) before the baseline.
        _round(server.port, requests, seconds=ROUND_SECONDS)
        baseline = load.rss_bytes(server.pid)
        started = time.monotonic()
        rounds = 0
        total_requests = 0
        latencies = []
        problems: list[str] = []
        samples = [baseline]
        while time.monotonic() - started < deadline_seconds:
            result, round_problems = _round(server.port, requests, seconds=ROUND_SECONDS)
            rounds += 1
            total_requests += result.requests
            latencies.extend(result.latencies)
            problems.extend(round_problems)
            samples.append(load.rss_bytes(server.pid))
            print(f"  round {rounds}: {result.requests} requests, RSS {samples[-1] / 2**20:.1f} MiB"
                  f"{', PROBLEMS' if round_problems else ''}", file=sys.stderr, flush=True)
        elapsed = time.monotonic() - started
        alive = server.process.poll() is None
    final = samples[-1]
    growth = (final - baseline) / baseline if baseline else 0.0
    latencies.sort()
    print(f"soak: {elapsed / 60:.1f} min, {rounds} rounds, {total_requests} requests "
          f"({total_requests / elapsed:.0f}/s), p50 {percentile(latencies, 50) * 1000:.1f} ms, "
          f"p99 {percentile(latencies, 99) * 1000:.1f} ms")
    print(f"RSS after warm-up {baseline / 2**20:.1f} MiB → end {final / 2**20:.1f} MiB "
          f"({growth * 100:+.1f}%, limit +{RSS_GROWTH_LIMIT * 100:.0f}%); max {max(samples) / 2**20:.1f} MiB")
    print(f"unexpected responses or errors: {len(problems)}")
    for line in problems[:20]:
        print("  " + line)
    ok = alive and not problems and growth < RSS_GROWTH_LIMIT
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
