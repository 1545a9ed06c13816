"""Crafted hostile files (tests/hostile.py) through the two doors a user has: an upload to the real
server (`POST /api/check/docx` on loopback) and the command line (`addin-server check`).

Each must end in a clear refusal — the reader's 4xx with its code and a Chinese message over HTTP,
exit status 2 with the message on stderr from the CLI — within a time bound and a memory bound
measured on the serving process (its peak RSS, VmHWM) and on each CLI process (ru_maxrss). Files
the reader accepts by design (a .docm: macros are never run; an embedded bomb: embedded packages are
never opened) must give a report. The reader's own unit tests are in test_docx_reader.py.
"""
from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

import hostile
from requires import not_on_this_platform

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
from bench.load import Server  # noqa: E402  (the one launcher of the real server)
from bench.load import proc_status_bytes as _status_file_kb  # noqa: E402

CJK = re.compile(r"[\u4e00-\u9fff]")
HTTP_SECONDS = 5.0
CLI_SECONDS = 20.0          # includes interpreter start-up and imports on a busy CI machine
SERVER_PEAK_GROWTH = 128 * 1024 * 1024   # serving every hostile file must not raise peak RSS more
CLI_MAX_RSS = 256 * 1024 * 1024


@pytest.fixture(scope="module")
def server():
    if not Path("/proc/self/status").exists():
        pytest.skip(not_on_this_platform("memory bounds are read from /proc (Linux)"))
    with Server(env={"ADDIN_SERVER_ACCESS_LOG": "false"}) as running:
        # Warm up (imports, jieba) with a normal upload so the baseline is a serving process.
        import materials

        status, _ = _upload(running.port, materials.build_docx(materials.complete()))
        assert status == 200
        running.baseline_peak = _status_file_kb(running.pid, "VmHWM")
        yield running
        growth = _status_file_kb(running.pid, "VmHWM") - running.baseline_peak
        assert growth < SERVER_PEAK_GROWTH, f"peak RSS grew by {growth / 2**20:.0f} MiB"


def _upload(port: int, data: bytes, filename: str = "材料.docx") -> tuple[int, dict]:
    boundary = uuid.uuid4().hex
    body = b"".join([
        f"--{boundary}\r\n".encode(),
        f'Content-Disposition: form-data; name="file"; filename="{filename}"\r\n'.encode(),
        b"Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\r\n\r\n",
        data,
        f"\r\n--{boundary}--\r\n".encode(),
    ])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("POST", "/api/check/docx", body=body, headers={
            "Host": "localhost", "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Accept": "application/json"})
        response = conn.getresponse()
        payload = response.read()
    finally:
        conn.close()
    return response.status, json.loads(payload) if payload else {}


@pytest.mark.parametrize("name", sorted(hostile.CASES))
def test_upload_of_hostile_file_is_refused_clearly(server, name):
    build, expected = hostile.CASES[name]
    data = build()
    started = time.perf_counter()
    status, body = _upload(server.port, data)
    elapsed = time.perf_counter() - started
    assert elapsed < HTTP_SECONDS, f"{name}: {elapsed:.1f} s"
    assert server.process.poll() is None, "the server died"
    assert expected is None or 400 <= status < 500, (status, body)
    hostile.assert_api_outcome(name, status, body)


# The CLI runs inside this small wrapper, which prints the process's own peak RSS (VmHWM) at exit.
# wait4's ru_maxrss cannot be used: the kernel carries the forking test process's high-water mark
# into the child across exec, so a large pytest process would be blamed on the CLI.
_PEAK_WRAPPER = """
import atexit, sys
def _peak():
    with open('/proc/self/status') as status:
        for line in status:
            if line.startswith('VmHWM:'):
                sys.stderr.write('\\nVMHWM_KB ' + line.split()[1] + '\\n')
atexit.register(_peak)
from addin_server.cli import main
sys.exit(main(sys.argv[1:]))
"""
_PEAK_LINE = re.compile(r"\nVMHWM_KB (\d+)\n$")


def _run_cli(path: Path) -> tuple[int, str, str, int, float]:
    """Run `addin-server check` and return (exit code, stdout, stderr, peak RSS bytes, seconds)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADDIN_SERVER_")}
    env["ADDIN_SERVER_CONFIG_DIR"] = str(path.parent / "config")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _PEAK_WRAPPER, "check", str(path)],
                          capture_output=True, env=env, timeout=CLI_SECONDS * 3)
    elapsed = time.perf_counter() - started
    stderr = done.stderr.decode("utf-8", "replace")
    peak = _PEAK_LINE.search(stderr)
    assert peak, stderr
    return (done.returncode, done.stdout.decode("utf-8", "replace"), stderr[:peak.start()],
            int(peak.group(1)) * 1024, elapsed)


@pytest.mark.parametrize("name", sorted(hostile.CASES))
def test_cli_refuses_hostile_file_with_exit_2(tmp_path, name):
    if not Path("/proc/self/status").exists():
        pytest.skip(not_on_this_platform("the CLI's peak memory is read from /proc (Linux)"))
    build, expected = hostile.CASES[name]
    path = tmp_path / "材料.docx"
    path.write_bytes(build())
    code, stdout, stderr, max_rss, elapsed = _run_cli(path)
    assert elapsed < CLI_SECONDS, f"{name}: {elapsed:.1f} s"
    assert max_rss < CLI_MAX_RSS, f"{name}: {max_rss / 2**20:.0f} MiB"
    if expected is None:
        assert code in (0, 1), (code, stderr)
        assert "框架" in stdout
        return
    assert code == 2, (code, stdout, stderr)
    assert "Traceback" not in stderr, stderr
    assert CJK.search(stderr) and "材料.docx" in stderr, stderr
    assert stdout == ""
