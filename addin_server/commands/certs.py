"""`addin-server certs install|show|path`: the local CA and localhost certificate for HTTPS."""
from __future__ import annotations

import json


def register(sub):
    p = sub.add_parser("certs", help="本机 HTTPS 证书",
                       description="Office 只从 HTTPS 加载加载项：生成本机 CA 和 localhost 证书。")
    actions = p.add_subparsers(dest="certs_action", metavar="ACTION", required=True)
    install = actions.add_parser("install", help="生成（或续期）证书并显示信任命令")
    install.add_argument("--dir", help="证书目录（默认：用户配置目录下的 certs）")
    install.add_argument("--name", action="append", default=[], metavar="HOST",
                         help="额外的主机名或 IP（可重复）/ extra host name or IP (repeatable)")
    install.add_argument("--force", action="store_true", help="重新生成 CA 和证书")
    install.set_defaults(func=run_install)
    show = actions.add_parser("show", help="显示证书信息")
    show.add_argument("--dir")
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(func=run_show)
    path = actions.add_parser("path", help="打印证书文件路径")
    path.add_argument("--dir")
    path.add_argument("which", nargs="?", choices=("dir", "ca", "cert", "key"), default="dir")
    path.set_defaults(func=run_path)


def run_install(args) -> int:
    from .. import certs

    names = (*certs.DEFAULT_NAMES, *args.name)
    where, created = certs.install(args.dir, names=names, force=args.force)
    print(f"证书目录：{where.directory}")
    print(f"  CA:          {where.ca_cert}")
    print(f"  certificate: {where.cert}")
    print(f"  key:         {where.key}")
    if not created:
        print("证书已存在且有效，未做改动。")
    elif "ca" in created:
        print("已生成新的本机 CA。\n")
        print(certs.trust_instructions(where.ca_cert))
    else:
        print("已续期 localhost 证书（CA 未变，无需重新信任）/ renewed the server certificate.")
    print("\n然后启动服务：addin-server serve")
    return 0


def run_show(args) -> int:
    from .. import certs

    info = certs.describe(args.dir)
    if args.format == "json":
        print(json.dumps(info, ensure_ascii=False, indent=2))
        return 0 if info["installed"] else 1
    if not info["installed"]:
        print(f"尚未生成证书，证书目录：{info['directory']}")
        print("请运行：addin-server certs install")
        return 1
    for label in ("ca", "server"):
        item = info[label]
        print(f"{label}: {item['path']}")
        print(f"  subject:  {item['subject']}")
        if item["names"]:
            print(f"  names:    {', '.join(item['names'])}")
        print(f"  expires:  {item['not_after']}")
        print(f"  sha256:   {item['sha256']}")
    print(f"key: {info['key']}\n")
    print(certs.trust_instructions(certs.paths(args.dir).ca_cert))
    return 0


def run_path(args) -> int:
    from .. import certs

    where = certs.paths(args.dir)
    print({"dir": where.directory, "ca": where.ca_cert, "cert": where.cert,
           "key": where.key}[args.which])
    return 0
