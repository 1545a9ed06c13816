"""`addin-server serve --workers N`: several real server processes sharing one loopback port."""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

import materials as M
from requires import not_on_this_platform
from addin_server import certs, workers
from addin_server.cli import main
from addin_server.config import ConfigError, load_settings
from test_server import Server, clean_env, command, free_port

pytestmark = pytest.mark.skipif(
    workers.unsupported_reason() is not None,
    reason=not_on_this_platform("serve --workers > 1 needs SO_REUSEPORT load balancing (Linux)"))

ACCESS_LINE = re.compile(r"addin_server\.access\[(\d+)\]: GET /healthz 200")


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # The command name is in parentheses and may hold spaces: the ppid follows it.
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return sorted(found)


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def wait_until(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.fixture
def two_workers(tmp_path):
    server = Server(tmp_path, "--no-tls", "--workers", "2")
    try:
        server.wait_ready()
        assert wait_until(lambda: len(children(server.proc.pid)) == 2, 10), children(server.proc.pid)
        yield server
    finally:
        server.stop()
        server.out.close()
        server.err.close()


def test_two_workers_share_the_port_and_stop_together(two_workers):
    server = two_workers
    worker_pids = children(server.proc.pid)
    for pid in worker_pids:
        assert b"--worker" in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")

    # Each request opens a new connection, which the kernel hands to one of the listening
    # sockets; 40 all landing on the same worker would be a 1 in 2^39 chance.
    for _ in range(40):
        assert server.request("/healthz", headers={"Connection": "close"})[0] == 200
    status, _, body = server.request(
        "/api/check", data=json.dumps({"paragraphs": M.pane_json(M.complete())}).encode(),
        headers={"Content-Type": "application/json"})
    assert status == 200 and json.loads(body)["framework"] == "zhuti-2023"

    started = time.monotonic()
    assert server.stop(signal.SIGTERM) == 0
    assert time.monotonic() - started < 30
    assert not [pid for pid in worker_pids if alive(pid)]

    answered = {int(pid) for pid in ACCESS_LINE.findall(server.stderr())}
    assert answered == set(worker_pids)
    assert server.stderr().count("shutting down") == 2
    banner = server.stdout()
    assert banner.count("serving on http://localhost:") == 1
    assert "worker processes: 2" in banner


def test_a_dead_worker_stops_the_service(two_workers):
    server = two_workers
    first, second = children(server.proc.pid)
    os.kill(first, signal.SIGKILL)
    try:
        code = server.proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("the parent kept running with one worker dead")
    assert code != 0
    assert f"worker {first} exited unexpectedly" in server.stderr()
    assert not alive(second)


def test_workers_stop_when_the_parent_is_killed(two_workers):
    server = two_workers
    worker_pids = children(server.proc.pid)
    server.proc.kill()
    server.proc.wait()
    assert wait_until(lambda: not any(alive(pid) for pid in worker_pids), 30), \
        "workers outlived their parent"


def test_two_workers_over_https(tmp_path):
    where, _ = certs.install(tmp_path / "certs")
    server = Server(tmp_path, "--cert", str(where.cert), "--key", str(where.key), "--workers", "2",
                    ca=where.ca_cert)
    try:
        server.wait_ready()
        for _ in range(6):
            assert server.request("/healthz", headers={"Connection": "close"})[0] == 200
        assert server.stop() == 0
        assert "https://localhost:" in server.stdout()
        assert len(ACCESS_LINE.findall(server.stderr())) >= 6
    finally:
        server.stop()
        server.out.close()
        server.err.close()


def test_port_zero_picks_one_port_for_all_workers(tmp_path):
    env = clean_env(tmp_path / "config")
    proc = subprocess.Popen([*command(), "serve", "--no-tls", "--port", "0", "--workers", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    try:
        line = proc.stdout.readline()
        match = re.search(r"serving on http://localhost:(\d+)/", line)
        assert match, line
        port = int(match.group(1))
        assert port != 0
        with socket.create_connection(("127.0.0.1", port), timeout=10):
            pass
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
        proc.stdout.close()


def test_a_port_in_use_is_refused_before_any_worker_starts(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([*command(), "serve", "--no-tls", "--port", str(port),
                                 "--workers", "2"],
                                capture_output=True, text=True, env=clean_env(tmp_path), timeout=60)
    assert result.returncode == 2
    assert "cannot listen" in result.stderr


@pytest.mark.parametrize("args, env, config", [
    (["--workers", "0"], {}, None),
    (["--workers", "33"], {}, None),
    ([], {"ADDIN_SERVER_WORKERS": "many"}, None),
    ([], {}, "workers = 40\n"),
])
def test_bad_worker_counts_are_refused(tmp_path, args, env, config):
    environ = {**clean_env(tmp_path), **env}
    if config:
        path = tmp_path / "config.toml"
        path.write_text(config, encoding="utf-8")
        args = [*args, "--config", str(path)]
    result = subprocess.run([*command(), "serve", "--no-tls", "--port", str(free_port()), *args],
                            capture_output=True, text=True, env=environ, timeout=60)
    assert result.returncode == 2
    assert "workers" in result.stderr and "configuration error" in result.stderr


def test_worker_setting_layers(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("workers = 3\n", encoding="utf-8")
    assert load_settings(environ={"ADDIN_SERVER_CONFIG_DIR": str(tmp_path / "none")}).workers == 1
    assert load_settings(config_file=config, environ={}).workers == 3
    assert load_settings(config_file=config, environ={"ADDIN_SERVER_WORKERS": "4"}).workers == 4
    assert load_settings(config_file=config, environ={"ADDIN_SERVER_WORKERS": "4"},
                         overrides={"workers": 2}).workers == 2
    assert load_settings(environ={"ADDIN_SERVER_CONFIG_DIR": str(tmp_path / "none")},
                         overrides={"workers": 32}).workers == 32
    with pytest.raises(ConfigError, match="workers must be an integer 1..32"):
        load_settings(environ={"ADDIN_SERVER_CONFIG_DIR": str(tmp_path / "none")},
                      overrides={"workers": 33})


def test_platforms_without_balanced_reuse_port_refuse_several_workers(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ADDIN_SERVER_CONFIG_DIR", str(tmp_path))
    for name in ("darwin", "win32"):
        monkeypatch.setattr(sys, "platform", name)
        assert main(["serve", "--no-tls", "--port", str(free_port()), "--workers", "2"]) == 2
        err = capsys.readouterr().err
        assert "--workers > 1 needs Linux" in err and name in err
