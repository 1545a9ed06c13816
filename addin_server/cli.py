"""`addin-server` command line: one module per subcommand in `addin_server.commands`."""
from __future__ import annotations

import argparse
import importlib
import sys

# Each module defines register(subparsers), which adds its parser and sets `func(args) -> int`.
COMMAND_MODULES = ("serve", "certs", "check", "frameworks", "review", "manifest", "wps")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="addin-server",
        description="对照检查助手：Word 加载项的本地服务与命令行检查工具",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"addin_server.commands.{name}").register(sub)
    return parser


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
