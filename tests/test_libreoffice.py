"""LibreOffice converts every rendered scaffold and a remedies file to PDF without error, and the
PDFs hold the text the files were rendered with (read back with pdftotext, from poppler-utils).

One soffice run converts all files (starting LibreOffice dominates the time). A throw-away
profile and HOME keep it independent of any user's LibreOffice.
"""
from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

import pytest

import requires

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "render_pages.py"


def _render_pages():
    spec = importlib.util.spec_from_file_location("render_pages", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
@pytest.mark.timeout(400)
def test_soffice_converts_every_scaffold_and_a_remedies_file(tmp_path):
    render_pages = _render_pages()
    if not render_pages.soffice_path():
        requires.missing("LibreOffice (soffice)", "Debian: apt-get install libreoffice-writer")
    pdftotext = requires.tool("pdftotext", "poppler-utils")
    documents = render_pages.sample_documents(tmp_path)
    from addin_server.frameworks import list_frameworks

    assert len(documents) == len(list_frameworks()) + 1
    pdfs = render_pages.docx_to_pdf(documents, tmp_path, timeout=300)
    for pdf in pdfs:
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF") and len(data) > 5_000, pdf.name
    text = subprocess.run([pdftotext, str(tmp_path / "scaffold-zhuti-2023.pdf"), "-"],
                          capture_output=True, text=True, timeout=60, check=True).stdout
    assert "存在问题" in text and "请填写" in text
    remedies = subprocess.run([pdftotext, str(tmp_path / "remedies.pdf"), "-"],
                              capture_output=True, text=True, timeout=60, check=True).stdout
    assert "整改措施" in remedies and "整改清单" in remedies
