"""`addin-server bundle -o DIR [--platform TAG]… [--python-version X.Y]`: an offline (内网) install folder."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXAMPLES = """示例：
  addin-server bundle -o 离线安装包 --platform win_amd64 --python-version 3.12      # Windows 10/11 64 位
  addin-server bundle -o 离线安装包 --platform manylinux_2_28_x86_64 --python-version 3.11   # 统信 UOS、麒麟（x86_64）
  addin-server bundle -o 离线安装包 --platform manylinux_2_28_aarch64 --python-version 3.11  # 鲲鹏、飞腾（ARM64）
在目标电脑上：Windows 运行文件夹中的 install.cmd；Linux 运行 sh install.sh。安装时不需要联网。"""


def register(sub):
    p = sub.add_parser("bundle", help="生成离线（内网）安装包",
                       description="在能上网的电脑上，把本服务及其全部依赖的安装文件（wheel）下载到一个文件夹，"
                                   "连同安装脚本一起拷到内网电脑上安装，安装时不需要联网。",
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-o", "--output", required=True, type=Path, metavar="DIR",
                   help="输出文件夹（新的或空的）")
    p.add_argument("--platform", action="append", default=[], metavar="TAG",
                   help="目标平台（pip 的平台标记，如 win_amd64、manylinux_2_28_x86_64；可重复；默认本机）")
    p.add_argument("--python-version", metavar="X.Y",
                   help="目标电脑的 Python 版本（如 3.12；默认本机的 %d.%d）" % sys.version_info[:2])
    p.add_argument("--wheel", type=Path, metavar="FILE",
                   help="本服务的 wheel（addin_server-*.whl）；默认从源代码目录生成")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..bundle import BundleError, Target, make_bundle

    version = args.python_version or "%d.%d" % sys.version_info[:2]
    parts = version.split(".")
    if len(parts) < 2 or not all(part.isdigit() for part in parts) or (int(parts[0]), int(parts[1])) < (3, 10):
        print(f"--python-version 应为 3.10 或更新的版本号，如 3.12（收到：{version}）", file=sys.stderr)
        return 2
    target = Target(platforms=tuple(args.platform), python_version=".".join(parts[:2]))
    print(f"正在下载（目标：{', '.join(target.platforms) or '本机平台'}，Python {target.python_version}）…",
          flush=True)
    try:
        bundle = make_bundle(args.output, target, wheel=args.wheel)
    except BundleError as exc:
        print(f"无法生成离线安装包：{exc}", file=sys.stderr)
        return 1
    size = sum(p.stat().st_size for p in bundle.wheels) / 1e6
    print(f"已生成离线安装包：{bundle.folder}（{len(bundle.wheels)} 个 wheel，共 {size:.0f} MB）")
    if bundle.built_here:
        print("以下依赖只有源代码包，已在本机构建为通用 wheel：" + "、".join(bundle.built_here))
    print("把整个文件夹拷到目标电脑：Windows 双击 install.cmd（或在 PowerShell 中运行 install.ps1）；"
          "Linux 运行 sh install.sh。安装时不需要联网。")
    return 0
