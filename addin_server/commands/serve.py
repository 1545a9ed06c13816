"""`addin-server serve`: the local HTTPS server the Word add-in talks to.

Settings come from defaults < config file < environment < these flags (see addin_server.config).
"""
from __future__ import annotations

import argparse
import logging
import sys

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Several workers write to one stderr: the pid says which one logged a line.
WORKER_LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s[%(process)d]: %(message)s"


def register(sub):
    p = sub.add_parser("serve", help="启动本机服务 / run the local HTTPS server",
                       description="启动 Word 加载项使用的本机服务（默认 https://localhost:3000）。")
    p.add_argument("--host", help="监听地址 / bind address (default 127.0.0.1)")
    p.add_argument("--port", type=int, help="端口 / port (default 3000)")
    p.add_argument("--cert", dest="cert_file", metavar="FILE", help="证书 PEM / certificate")
    p.add_argument("--key", dest="key_file", metavar="FILE", help="私钥 PEM / private key")
    p.add_argument("--no-tls", dest="tls", action="store_false", default=None,
                   help="用 HTTP（仅调试；Word 不会加载）/ plain HTTP, for development only")
    p.add_argument("--config", metavar="FILE", help="配置文件 / config file (TOML)")
    p.add_argument("--threads", type=int, help="工作线程数 / worker threads")
    p.add_argument("--workers", type=int,
                   help="服务进程数（Linux）/ server processes sharing the port (Linux; default 1)")
    # Internal: a worker started by `serve --workers N`, settings as JSON on stdin.
    p.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(func=run)


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


def _resolve_tls(settings):
    """(cert, key) to use, or an error message saying exactly what to run."""
    from .. import certs

    if bool(settings.cert_file) != bool(settings.key_file):
        return None, "--cert 和 --key 需同时给出 / give both --cert and --key"
    if settings.cert_file:
        cert, key = settings.cert_file, settings.key_file
    else:
        where = certs.paths()
        if not where.exist():
            return None, (
                f"没有找到本机 HTTPS 证书（{where.directory}）。Office 只从 HTTPS 加载加载项。\n"
                f"No local HTTPS certificate in {where.directory}. Run once:\n\n"
                "    addin-server certs install\n\n"
                "然后按提示信任本机 CA，再运行 addin-server serve。\n"
                "(Or pass --cert FILE --key FILE; or --no-tls for development only.)")
        cert, key = str(where.cert), str(where.key)
    from pathlib import Path

    for path in (cert, key):
        if not Path(path).is_file():
            return None, f"文件不存在 / file not found: {path}"
    return (cert, key), None


def run(args) -> int:
    from ..config import ConfigError, is_loopback, load_settings

    if args.worker:
        return _run_worker()
    overrides = {"host": args.host, "port": args.port, "cert_file": args.cert_file,
                 "key_file": args.key_file, "tls": args.tls, "threads": args.threads,
                 "workers": args.workers}
    try:
        settings = load_settings(config_file=args.config, overrides=overrides)
    except ConfigError as exc:
        return _fail(f"配置错误 / configuration error: {exc}")

    if settings.workers > 1:
        from ..workers import unsupported_reason

        reason = unsupported_reason()
        if reason:
            return _fail(reason)

    logging.basicConfig(level=settings.log_level.upper(), stream=sys.stderr,
                        format=WORKER_LOG_FORMAT if settings.workers > 1 else LOG_FORMAT)

    tls_files = None
    if settings.tls:
        tls_files, problem = _resolve_tls(settings)
        if problem:
            return _fail(problem)

    if not is_loopback(settings.host):
        print(f"警告：监听非本机地址 {settings.host}，局域网内的其他计算机也能访问本服务。\n"
              f"Warning: binding to {settings.host}, a non-loopback address: other machines can "
              "reach this server. Requests must still name an allowed host (allowed_hosts).",
              file=sys.stderr)
    # Requests addressed to the concrete address we bind to are not a rebinding attack.
    if settings.host not in ("0.0.0.0", "::", "") and not is_loopback(settings.host):
        settings = settings.replace(
            allowed_hosts=tuple(dict.fromkeys((*settings.allowed_hosts, settings.host.lower()))))

    if settings.workers > 1:
        return _run_workers(settings, tls_files)

    from ..app import create_app
    from ..server import build_server, run as run_server

    try:
        app = create_app(settings)
        server = build_server(app, settings.host, settings.port, threads=settings.threads,
                              cert_file=tls_files[0] if tls_files else None,
                              key_file=tls_files[1] if tls_files else None,
                              access_log_enabled=settings.access_log)
    except (OSError, ValueError) as exc:
        return _fail(f"无法启动 / cannot start: {exc}")

    scheme = "https" if tls_files else "http"
    try:
        run_server(server, on_ready=lambda bind_addr: _announce(scheme, bind_addr))
    except OSError as exc:
        return _fail(f"无法监听 {settings.host}:{settings.port} / cannot listen: {exc}")
    return 0


def _announce(scheme: str, bind_addr, workers: int = 1) -> None:
    from ..config import is_loopback

    host, port = bind_addr[0], bind_addr[1]
    name = "localhost" if is_loopback(host) else host
    name = f"[{name}]" if ":" in name else name
    base = f"{scheme}://{name}:{port}"
    print(f"对照检查助手服务已启动 / serving on {base}/", flush=True)
    if workers > 1:
        print(f"  服务进程 / worker processes: {workers}", flush=True)
    print(f"  任务窗格 / task pane: {base}/pane/taskpane.html", flush=True)
    print(f"  加载项清单 / manifest: {base}/manifest.xml", flush=True)
    print(f"  API 文档 / API docs: {base}/api/docs", flush=True)
    print("按 Ctrl+C 停止 / press Ctrl+C to stop", flush=True)


def _run_workers(settings, tls_files) -> int:
    """The parent of `serve --workers N`: reserve the port, start and watch the workers."""
    from ..workers import WorkerError, reserve_port, supervise

    if tls_files:
        # Resolved once here, so every worker serves the same certificate.
        settings = settings.replace(tls=True, cert_file=tls_files[0], key_file=tls_files[1])
    try:
        reservation = reserve_port(settings.host, settings.port)
    except OSError as exc:
        return _fail(f"无法监听 {settings.host}:{settings.port} / cannot listen: {exc}")
    with reservation:
        settings = settings.replace(port=reservation.getsockname()[1])
        scheme = "https" if tls_files else "http"
        try:
            return supervise(settings, settings.workers,
                             lambda bind_addr, pids: _announce(scheme, bind_addr, len(pids)))
        except WorkerError as exc:
            print(f"错误 / error: {exc}", file=sys.stderr, flush=True)
            return 1


def _run_worker() -> int:
    """One of the processes of `serve --workers N` (started by the parent, not by hand)."""
    from ..app import create_app
    from ..server import build_server, run as run_server
    from ..workers import WorkerError, announce_ready, read_worker_settings, stop_when_parent_exits

    try:
        settings = read_worker_settings()
    except (WorkerError, ValueError) as exc:
        return _fail(f"serve --worker: {exc}")
    logging.basicConfig(level=settings.log_level.upper(), stream=sys.stderr,
                        format=WORKER_LOG_FORMAT)
    stop_when_parent_exits()
    try:
        app = create_app(settings)
        server = build_server(app, settings.host, settings.port, threads=settings.threads,
                              cert_file=settings.cert_file if settings.tls else None,
                              key_file=settings.key_file if settings.tls else None,
                              access_log_enabled=settings.access_log, reuse_port=True)
        run_server(server, on_ready=lambda bind_addr: announce_ready())
    except (OSError, ValueError) as exc:
        return _fail(f"无法启动工作进程 / worker cannot start: {exc}")
    return 0
