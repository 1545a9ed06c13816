"""`addin-server` command line: one module per subcommand in `addin_server.commands`."""
from __future__ import annotations

import argparse
import builtins
import importlib
import os
import sys

from .release import version

# Each module defines register(subparsers), which adds its parser and sets `func(args) -> int`.
COMMAND_MODULES = ("serve", "certs", "check", "fill", "remedies", "frameworks", "review", "manifest", "wps", "proofreading",
                   "bundle", "substance")

# argparse's own words (usage, options, its error messages) in Chinese. argparse looks them up
# through gettext at call time (module global `_`); without a Chinese catalogue installed, this
# table is that catalogue. Keys are argparse's msgids; anything not listed stays as argparse has it.
ARGPARSE_ZH = {
    "usage: ": "用法：",
    "options": "选项",
    "positional arguments": "位置参数",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "expected at most one argument": "最多只能有一个值",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "需要以下参数之一：%s",
    "ignored explicit argument %r": "忽略了多余的值 %r",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "没有子命令 %(parser_name)r（可用：%(choices)s）",
}
_ARGPARSE_NGETTEXT_ZH = {"expected %s argument": "需要 %s 个值"}


def _zh(message: str) -> str:
    return ARGPARSE_ZH.get(message, message)


def _zh_plural(singular: str, plural: str, n: int) -> str:
    return _ARGPARSE_NGETTEXT_ZH.get(singular, singular if n == 1 else plural)


argparse._ = _zh
argparse.ngettext = _zh_plural


def _display_width(value) -> int:
    """A string's width on a terminal (a Chinese character takes two columns), other sizes as
    len(): argparse lays out its help columns by len(), which puts every option after a Chinese
    metavar (--disable 检查项) out of line."""
    if isinstance(value, str):
        if value.isascii():
            return builtins.len(value)
        # Imported at the first non-ASCII string: wcwidth's tables cost a run that shows no help
        # tens of milliseconds.
        from wcwidth import wcswidth

        width = wcswidth(value)
        return width if width >= 0 else builtins.len(value)
    return builtins.len(value)


argparse.len = _display_width


class _HelpFormatter(argparse.HelpFormatter):
    """The command list without the subparsers' own placeholder line (「命令」 under 「命令:」)."""

    def _format_action(self, action):
        text = super()._format_action(action)
        if isinstance(action, argparse._SubParsersAction):
            text = text.split("\n", 1)[1] if "\n" in text else text
        # argparse pads the option column with %-*s, by characters: take off one space for
        # each column a Chinese character of the option's metavar takes beyond its one.
        header = self._format_action_invocation(action)
        first, newline, rest = text.partition("\n")
        extra = _display_width(header) - builtins.len(header)
        at = first.find(header)
        if extra > 0 and at >= 0:
            tail = first[at + builtins.len(header):]
            spaces = builtins.len(tail) - builtins.len(tail.lstrip(" "))
            if tail.strip() and spaces - extra >= 2:
                first = first[:at] + header + tail[extra:]
        return first + newline + rest


class _ShowVersion(argparse.Action):
    """--version: argparse's version action, with the version read from the package metadata
    only when asked (importlib.metadata costs every other command tens of milliseconds)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        parser._print_message(f"addin-server {version()}\n", sys.stdout)
        parser.exit()


class _Parser(argparse.ArgumentParser):
    """Every parser, subcommands' included (add_subparsers makes them of its parser's type),
    lays out its help with _HelpFormatter unless it asks for another."""

    def __init__(self, *args, formatter_class=_HelpFormatter, **kwargs):
        super().__init__(*args, formatter_class=formatter_class, **kwargs)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="addin-server",
        description="对照检查助手：Word 加载项的本地服务与命令行检查工具",
    )
    parser.add_argument("--version", action=_ShowVersion, help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", metavar="命令", title="命令")
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
        status = int(args.func(args) or 0)
        sys.stdout.flush()
        return status
    except KeyboardInterrupt:
        print("\n已取消。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`check … | head -3`): stop quietly. Python would report the
        # failed flush of stdout at exit, so point it at devnull first.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
