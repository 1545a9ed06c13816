"""What `serve` says when its port is taken: which program holds it and a free port to use instead.

psutil reads the system's socket table on Linux, Windows and macOS. Seeing another user's process
(or, on macOS, any process) may need more rights than ours: then the holder is simply not named.
"""
from __future__ import annotations

from dataclasses import dataclass

import psutil

from .server import IPV4_LOOPBACK, IPV6_LOOPBACK, NO_SUCH_ADDRESS, listening_socket

# How far above the taken port to look for a free one to suggest.
SUGGESTION_RANGE = 20


@dataclass(frozen=True)
class PortHolder:
    pid: int | None
    name: str          # the program ("python3.exe", "nginx"), or "" when it cannot be read
    command_line: str  # its command line, or "" when it cannot be read

    @property
    def is_this_server(self) -> bool:
        """Another copy of this server (started by hand, or by the login entry)."""
        text = f"{self.name} {self.command_line}".lower()
        return "addin-server" in text or "addin_server" in text


def port_holder(port: int) -> PortHolder | None:
    """The process listening on TCP `port`, if the system lets us see it."""
    try:
        connections = psutil.net_connections(kind="tcp")
    except (psutil.AccessDenied, PermissionError, OSError):
        return None
    for connection in connections:
        if connection.status != psutil.CONN_LISTEN or not connection.laddr:
            continue
        if connection.laddr.port != port:
            continue
        if connection.pid is None:
            return PortHolder(None, "", "")
        try:
            process = psutil.Process(connection.pid)
            name = process.name()
            try:
                command_line = " ".join(process.cmdline())
            except (psutil.AccessDenied, psutil.ZombieProcess):
                command_line = ""
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            return PortHolder(connection.pid, "", "")
        return PortHolder(connection.pid, name, command_line)
    return None


def _free_on_loopback(port: int) -> bool:
    for address, required in ((IPV4_LOOPBACK, True), (IPV6_LOOPBACK, False)):
        try:
            listening_socket(address, port).close()
        except OSError as exc:
            if required or exc.errno not in NO_SUCH_ADDRESS:
                return False
    return True


def free_port_after(port: int) -> int | None:
    """The first port above `port` free on the loopback addresses, within SUGGESTION_RANGE."""
    for candidate in range(port + 1, min(port + 1 + SUGGESTION_RANGE, 65536)):
        if _free_on_loopback(candidate):
            return candidate
    return None


def busy_port_message(host: str, port: int, scheme: str = "https") -> str:
    """Plain Chinese (then English): who holds the port, and the command to use another one."""
    holder = port_holder(port)
    lines = [f"无法启动：端口 {port} 已被占用（{host}:{port}）。"]
    if holder is not None and holder.is_this_server:
        lines.append(f"占用它的是已在运行的对照检查助手服务（进程号 {holder.pid}），无需再次启动："
                     f"直接在浏览器打开 {scheme}://localhost:{port}/ 即可。")
        lines.append("若要重启它，先结束该进程（Windows：任务管理器；Linux/macOS："
                     f"kill {holder.pid}），再运行 addin-server serve。")
    else:
        if holder is not None and holder.pid is not None:
            who = holder.name or "未知程序"
            detail = f"：{holder.command_line}" if holder.command_line else ""
            lines.append(f"占用它的程序：{who}（进程号 {holder.pid}）{detail}")
        else:
            lines.append("查不到占用它的程序（可能属于其他用户，或需要管理员权限才能查看）。")
        free = free_port_after(port)
        suggested = free if free is not None else port + 1
        lines.append("请换一个端口启动：")
        lines.append("")
        lines.append(f"    addin-server serve --port {suggested}")
        lines.append("")
        lines.append("换端口后，Word 的加载项清单和 WPS 加载项也要指向新端口：")
        lines.append(f"    addin-server manifest --url https://localhost:{suggested} -o manifest.xml")
        lines.append(f"    addin-server wps install --url https://localhost:{suggested}")
        lines.append(f"（或在配置文件中写 port = {suggested}，见 docs/configuration.md。）")
    lines.append(f"Port {port} is in use"
                 + (f" by {holder.name or 'pid'} {holder.pid}" if holder and holder.pid else "")
                 + "; start with --port to use another one.")
    return "\n".join(lines)
