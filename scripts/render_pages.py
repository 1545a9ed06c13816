"""Render the scaffolds and a remedies file to PDF (LibreOffice) and PNG (pdftoppm) to look at.

    python scripts/render_pages.py [OUT_DIR] [--dpi 60]

Writes, for every shipped framework, scaffold-<id>.docx/.pdf/-<page>.png, and remedies.docx/.pdf/
-<page>.png (the default framework, each dimension's first remedy with its defaults, with the
整改清单 table). Needs `soffice` (Debian libreoffice-writer) and `pdftoppm` (poppler-utils).
The documents contain only our own template text, so writing them to disk is fine.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SOFFICE_TIMEOUT = 180


class ToolMissing(RuntimeError):
    pass


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(paths: list[Path], out_dir: Path, timeout: float = SOFFICE_TIMEOUT) -> list[Path]:
    """Convert .docx files with one headless LibreOffice run, in a throw-away profile and HOME
    (a user's running LibreOffice or a read-only HOME would otherwise block the conversion)."""
    soffice = soffice_path()
    if not soffice:
        raise ToolMissing("soffice not found: install LibreOffice (Debian: libreoffice-writer)")
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as home:
        _write_font_aliases(Path(home))
        env = dict(os.environ, HOME=home)
        command = [soffice, f"-env:UserInstallation=file://{home}/profile", "--headless",
                   "--norestore", "--convert-to", "pdf", "--outdir", str(out_dir),
                   *map(str, paths)]
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)
    pdfs = [out_dir / (p.stem + ".pdf") for p in paths]
    missing = [p.name for p in pdfs if not p.exists() or p.stat().st_size == 0]
    if result.returncode != 0 or missing:
        raise RuntimeError(f"soffice failed (exit {result.returncode}), missing {missing}:\n"
                           f"{result.stdout}\n{result.stderr}")
    return pdfs


def _write_font_aliases(home: Path) -> None:
    """Map the standard's fonts to their installed fallbacks (gbt9704.FONTS) for this run only,
    so the preview shows serif body text and sans headings where the GB fonts are missing.
    Without it fontconfig gives every unknown Chinese font the same sans face."""
    from addin_server.render.gbt9704 import FONTS

    aliases = "".join(
        f"<alias><family>{font.name}</family><prefer>"
        + "".join(f"<family>{name}</family>" for name in font.fallbacks)
        + "</prefer></alias>"
        for font in FONTS.values())
    config = home / ".config" / "fontconfig"
    config.mkdir(parents=True, exist_ok=True)
    (config / "fonts.conf").write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
        f"<fontconfig>{aliases}</fontconfig>", encoding="utf-8")


def pdf_to_png(pdf: Path, dpi: int = 60) -> list[Path]:
    if not shutil.which("pdftoppm"):
        raise ToolMissing("pdftoppm not found: install poppler-utils")
    prefix = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(prefix)], check=True,
                   timeout=120)
    return sorted(pdf.parent.glob(prefix.name + "-*.png"))


def sample_documents(out_dir: Path) -> list[Path]:
    from addin_server.frameworks import get_framework, list_frameworks
    from addin_server.remedies import list_remedies
    from addin_server.render import ScaffoldOptions, Selection, render_remedies, render_scaffold

    written = []
    for framework in list_frameworks():
        optional = tuple(s.key for s in framework.sections if s.role == "other")
        path = out_dir / f"scaffold-{framework.id}.docx"
        path.write_bytes(render_scaffold(framework, ScaffoldOptions(optional_sections=optional)))
        written.append(path)
    framework = get_framework()
    selections = [Selection(d.key, list_remedies(framework.id, d.key)[0].id, {})
                  for d in framework.dimensions]
    path = out_dir / "remedies.docx"
    path.write_bytes(render_remedies(framework, selections, with_table=True))
    written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", nargs="?", default="build/pages", type=Path)
    parser.add_argument("--dpi", type=int, default=60)
    args = parser.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    try:
        pdfs = docx_to_pdf(sample_documents(args.out_dir), args.out_dir)
        for pdf in pdfs:
            for png in pdf_to_png(pdf, args.dpi):
                print(png)
    except ToolMissing as exc:
        print(f"render_pages: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
