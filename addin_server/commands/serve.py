"""`addin-server serve`: the local HTTPS server the Word add-in talks to.

Settings come from defaults < config file < environment < these flags (see addin_server.config).
"""
from __future__ import annotations

import argparse
import functools
import logging
import sys

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def register(sub):
    p = sub.add_parser("serve", help="启动本机服务（HTTPS）",
                       description="启动 Word 加载项使用的本机服务（默认 https://localhost:3000）。")
    p.add_argument("--host", help="监听地址（默认 127.0.0.1）")
    p.add_argument("--port", type=int, help="端口（默认 3000）")
    p.add_argument("--cert", dest="cert_file", metavar="FILE", help="证书文件（PEM）")
    p.add_argument("--key", dest="key_file", metavar="FILE", help="私钥文件（PEM）")
    p.add_argument("--no-tls", dest="tls", action="store_false", default=None,
                   help="用 HTTP（仅调试；Word 不会加载）/ plain HTTP, for development only")
    p.add_argument("--config", metavar="FILE", help="配置文件（TOML）")
    p.add_argument("--threads", type=int, help="工作线程数")
    p.add_argument("--header-timeout", type=int, metavar="SECONDS",
                   help="请求头须在几秒内收完（默认 10）")
    p.add_argument("--body-timeout", type=int, metavar="SECONDS",
                   help="请求内容须在几秒内收完（默认 60）")
    p.add_argument("--workers", type=int, help=argparse.SUPPRESS)  # retired: see docs/hosting.md
    p.set_defaults(func=run)


# `serve --workers N` ran N copies under a supervisor of our own, which stopped the whole service
# when one died. Organisations now run gunicorn, which restarts a dead worker (measured in
# tests/test_gunicorn.py); one user's Word needs one process.
WORKERS_RETIRED = (
    "--workers 已停用：本机服务只需一个进程。单位集中部署（多进程、进程崩溃自动重启）请用 gunicorn 运行 "
    "addin_server.wsgi:app，前面加 nginx，见 docs/hosting.md。\n"
    "--workers is retired: the local server needs one process. To host for an organisation "
    "(several processes, restarted when one dies), run gunicorn with addin_server.wsgi:app behind "
    "nginx; see docs/hosting.md.")


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


def _resolve_tls(settings):
    """(cert, key) to use, or an error message saying exactly what to run."""
    from .. import certs

    if bool(settings.cert_file) != bool(settings.key_file):
        return None, "--cert 和 --key 需同时给出"
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
            return None, f"文件不存在：{path}"
    return (cert, key), None


def run(args) -> int:
    from ..config import ConfigError, is_loopback, load_settings

    overrides = {"host": args.host, "port": args.port, "cert_file": args.cert_file,
                 "key_file": args.key_file, "tls": args.tls, "threads": args.threads,
                 "workers": args.workers, "header_timeout": args.header_timeout,
                 "body_timeout": args.body_timeout}
    try:
        settings = load_settings(config_file=args.config, overrides=overrides)
    except ConfigError as exc:
        return _fail(f"配置错误：{exc}")

    if settings.workers > 1:
        return _fail(WORKERS_RETIRED)

    logging.basicConfig(level=settings.log_level.upper(), stream=sys.stderr, format=LOG_FORMAT)

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

    from ..api.batch_review import body_limit
    from ..app import create_app
    from ..server import build_server, run as run_server

    try:
        app = create_app(settings)
        server = build_server(app, settings.host, settings.port, threads=settings.threads,
                              cert_file=tls_files[0] if tls_files else None,
                              key_file=tls_files[1] if tls_files else None,
                              access_log_enabled=settings.access_log,
                              max_body=functools.partial(body_limit, settings),
                              request_timeout=settings.request_timeout,
                              header_timeout=settings.header_timeout,
                              body_timeout=settings.body_timeout)
    except (OSError, ValueError) as exc:
        return _fail(f"无法启动：{exc}")

    _warn_skipped_files()
    scheme = "https" if tls_files else "http"
    try:
        run_server(server, on_ready=lambda bind_addr: _announce(scheme, bind_addr))
    except OSError as exc:
        from ..ports import busy_port_message
        from ..server import is_address_in_use

        if is_address_in_use(exc):
            return _fail(busy_port_message(settings.host, settings.port, scheme))
        return _fail(f"无法监听 {settings.host}:{settings.port}：{exc}\n"
                     "请检查 --host 是否为本机地址，或换一个端口（--port）。")
    return 0


def _warn_skipped_files() -> None:
    """Each data file of the organisation or user folders the server goes without (a broken
    framework, remedy or rule file is skipped, never fatal), named in the log at start."""
    from ..catalogue import load_problems
    from ..frameworks import origin_label

    for problem in load_problems():
        logging.getLogger("addin_server").warning("未加载（%s）：%s", origin_label(problem.origin),
                                                  problem.message)


def _announce(scheme: str, bind_addr) -> None:
    from ..config import is_loopback

    host, port = bind_addr[0], bind_addr[1]
    name = "localhost" if is_loopback(host) else host
    name = f"[{name}]" if ":" in name else name
    base = f"{scheme}://{name}:{port}"
    print(f"对照检查助手服务已启动：{base}/", flush=True)
    print(f"  任务窗格：{base}/pane/taskpane.html", flush=True)
    print(f"  加载项清单：{base}/manifest.xml", flush=True)
    print(f"  接口文档：{base}/api/docs", flush=True)
    print("按 Ctrl+C 停止", flush=True)
