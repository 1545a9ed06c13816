"""`addin-server manifest`: write the add-in manifest for a server base URL."""
from __future__ import annotations

import sys
from pathlib import Path

from ..manifest_xml import DEFAULT_BASE_URL, ManifestError, render_manifest


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "manifest",
        help="生成 Word 加载项清单 manifest.xml",
        description=(
            "生成指向本机服务的 Word 加载项清单（manifest.xml），用于旁加载或集中部署。"
            "地址须为 https://；服务运行后也可从 /manifest.xml 下载。"
        ),
    )
    parser.add_argument(
        "--url", default=DEFAULT_BASE_URL, metavar="BASE_URL",
        help=f"服务的基础地址（默认 {DEFAULT_BASE_URL}）",
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE",
        help="写入该文件（默认输出到标准输出）",
    )
    parser.add_argument(
        "--allow-http-localhost", action="store_true",
        help="开发调试用：允许 http://localhost 地址（Word 不会加载这样的清单）",
    )
    parser.set_defaults(func=run)


def run(args) -> int:
    try:
        xml = render_manifest(args.url, allow_http_localhost=args.allow_http_localhost)
    except ManifestError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    if args.output:
        path = Path(args.output)
        try:
            path.write_text(xml, encoding="utf-8")
        except OSError as exc:
            print(f"错误：无法写入 {path}：{exc.strerror or exc}", file=sys.stderr)
            return 1
        print(f"已写入 {path}", file=sys.stderr)
    else:
        sys.stdout.write(xml)
    return 0
