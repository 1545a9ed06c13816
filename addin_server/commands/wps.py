"""`addin-server wps install | uninstall | package`: the WPS 文字 加载项 entry."""
from __future__ import annotations

import sys
from pathlib import Path

ACTIONS = {"added": "已登记", "updated": "已更新", "removed": "已移除", "absent": "无本加载项的登记"}


def _default_base_url() -> str:
    """This machine's server as `serve` would run it (config file, environment)."""
    from ..config import ConfigError, load_settings

    try:
        settings = load_settings()
    except ConfigError:
        settings = None
    port = getattr(settings, "port", 3000) or 3000
    if settings is not None and settings.tls is False:
        return f"http://127.0.0.1:{port}"
    return f"https://localhost:{port}"


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "wps", help="WPS 文字加载项：登记、移除、打包",
        description="在 WPS 文字中使用对照检查助手：把加载项登记到 WPS 的 jsaddons 文件夹，或为单位生成部署包。",
    )
    sub = parser.add_subparsers(dest="wps_command", metavar="ACTION")

    install = sub.add_parser("install", help="登记到本机 WPS（保留其他加载项）",
                             description="把本加载项写入 jsaddons 文件夹中的 publish.xml 和 jsplugins.xml，"
                                         "保留其他加载项的登记；重启 WPS 文字后出现“对照检查”选项卡。")
    install.add_argument("--dir", type=Path, metavar="FOLDER", help="jsaddons 文件夹（默认为当前用户的）")
    install.add_argument("--url", metavar="BASE_URL",
                         help="对照检查服务的地址（默认按本机配置，如 https://localhost:3000）")
    install.set_defaults(func=run_install)

    uninstall = sub.add_parser("uninstall", help="从本机 WPS 移除（只移除本加载项）",
                               description="从 jsaddons 文件夹的 publish.xml 和 jsplugins.xml 中只移除本加载项的登记。")
    uninstall.add_argument("--dir", type=Path, metavar="FOLDER", help="jsaddons 文件夹（默认为当前用户的）")
    uninstall.set_defaults(func=run_uninstall)

    package = sub.add_parser("package", help="为单位生成部署包（.zip）",
                             description="生成 jsplugins.xml、publish.xml、oem.ini 片段和说明，"
                                         "供单位通过 oem.ini 的 JSPluginsServer 统一下发。")
    package.add_argument("-o", "--output", required=True, type=Path, metavar="FILE", help="写入的 .zip 文件")
    package.add_argument("--url", required=True, metavar="BASE_URL",
                         help="单位服务器上对照检查服务的地址，如 https://jiancha.example.org")
    package.set_defaults(func=run_package)

    parser.set_defaults(func=lambda args: (parser.print_help(), 2)[1])


def _folder(args) -> Path:
    from ..wps_install import default_jsaddons_folder

    return args.dir if args.dir else default_jsaddons_folder()


def _change_lists(work):
    """Run `work()` (install or uninstall): its changes, or the exit code after saying why not."""
    from ..wps_install import WpsInstallError

    try:
        changes = work()
    except WpsInstallError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return None, 2
    except OSError as exc:
        print(f"错误：无法写入 jsaddons 文件夹：{exc.strerror or exc}", file=sys.stderr)
        return None, 1
    for change in changes:
        print(f"{ACTIONS[change.action]}：{change.path}", file=sys.stderr)
    return changes, 0


def run_install(args) -> int:
    from ..wps_install import addin_url, install

    base = args.url or _default_base_url()
    changes, code = _change_lists(lambda: install(_folder(args), base))
    if changes is not None:
        print(f"加载项地址：{addin_url(base)}\n请确认服务正在运行（addin-server serve），然后重启 WPS 文字。",
              file=sys.stderr)
    return code


def run_uninstall(args) -> int:
    from ..wps_install import uninstall

    changes, code = _change_lists(lambda: uninstall(_folder(args)))
    if changes is None:
        return code
    if all(change.action == "absent" for change in changes):
        print("本机 WPS 中没有登记本加载项，未作修改。", file=sys.stderr)
    else:
        print("重启 WPS 文字后，“对照检查”选项卡不再出现。", file=sys.stderr)
    return code


def run_package(args) -> int:
    from ..wps_install import WpsInstallError, package

    try:
        data = package(args.url)
    except WpsInstallError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    try:
        args.output.write_bytes(data)
    except OSError as exc:
        print(f"错误：无法写入 {args.output}：{exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"已写入 {args.output}（jsplugins.xml、publish.xml、oem.ini 片段、说明.txt）", file=sys.stderr)
    return 0
