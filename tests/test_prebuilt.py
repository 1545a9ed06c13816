"""The data a first run would build into the user's cache folder (the proofreading lexicon, the
segmentation dictionary's trie) is made when the wheel is built and shipped in it (setup.py's
build_py, addin_server/prebuild.py): the wheel built from this checkout holds exactly what the
builder makes from the checkout's data, under the names a run looks for, and a first check with an
empty cache folder reads it, builds nothing and writes nothing into the installed package. A
shipped file that cannot be read is passed over for the user's cache, as before."""
from __future__ import annotations

import configparser
import marshal
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement

import materials as M
from addin_server import prebuild, regexes, resources, segmentation
from addin_server.datafiles import tomllib
from addin_server.checks.proof import lexicon

ROOT = Path(__file__).resolve().parent.parent
DERIVED = ("proof-lexicon-", "jieba-dictionary-")


def _requirements(lines) -> dict[str, Requirement]:
    reqs = [Requirement(line) for line in lines]
    return {(r.name.lower(), str(r.marker)): r for r in reqs}


def test_the_build_requirements_are_the_packages_own():
    """build_py runs the package's code on jieba's and pypinyin's data: the build environment gets
    what the installed package requires of them, with the same bounds."""
    build = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]["requires"]
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    install = [line.strip() for line in config["options"]["install_requires"].splitlines() if line.strip()]
    installed = {}
    for key, req in _requirements(install).items():
        installed.setdefault(key, set()).add(str(req.specifier))
    for key, req in _requirements(build).items():
        if key[0] in ("setuptools", "wheel"):
            continue
        assert str(req.specifier) in installed.get(key, set()), f"{req} is not in install_requires"


@pytest.fixture(scope="module")
def installed_wheel(tmp_path_factory):
    """The wheel built from this checkout (pip, this environment's setuptools and dependencies:
    --no-build-isolation, so no download), unpacked as pip installs it."""
    folder = tmp_path_factory.mktemp("wheel")
    # Built from a copy: a build leaves build/ and *.egg-info in the tree it builds.
    source = folder / "source"
    files = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others",
                            "--exclude-standard"], check=True, capture_output=True).stdout.split(b"\0")
    for name in filter(None, files):
        path = ROOT / name.decode()
        if path.is_file() and not path.is_symlink():
            target = source / name.decode()
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                            "--wheel-dir", str(folder / "dist"), str(source)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-3000:]
    (wheel,) = (folder / "dist").glob("addin_server-*.whl")
    site = folder / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    return site


def test_the_wheel_ships_what_the_builder_makes_from_the_shipped_data(installed_wheel):
    shipped = installed_wheel / "addin_server" / resources.SHIPPED_CACHE
    names = sorted(p.name for p in shipped.iterdir())
    # The names a run in this checkout looks for: the key is the same wherever the files are.
    main = lexicon.file_name()
    assert main in names and segmentation._Dictionary.file_name() in names
    # Built by this interpreter (pip install . builds and runs with one Python): its programs.
    assert regexes.file_name() in names
    assert all(name.startswith((*DERIVED, "regex-")) for name in names)

    read = lexicon._read(shipped / main)
    built = lexicon._build()
    assert set(read) == set(built)
    for name, value in built.items():
        if name in ("freq", "news"):
            assert dict(read[name].items()) == value, name
        elif name in lexicon._TRIE_SETS:
            assert set(read[name].keys()) == set(value), name
        else:
            assert read[name] == value, name

    trie = shipped / segmentation._Dictionary.file_name()
    made = segmentation._Dictionary._read(Path(segmentation.jieba_dictionary_path()))
    data = marshal.loads(trie.read_bytes())
    assert (data["total"], data["longest"], data["breaks"]) == (made.total, made.longest, made.breaks)
    assert data["trie"] == made.trie.tobytes()


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in folder.rglob("*")}


def test_a_first_check_with_an_empty_cache_reads_the_shipped_data(installed_wheel, tmp_path):
    cache = tmp_path / "cache"
    material = tmp_path / "材料.docx"
    material.write_bytes(M.build_docx(M.complete()))
    before = _snapshot(installed_wheel)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "ADDIN_SERVER_"))}
    env.update(PYTHONPATH=str(installed_wheel), PYTHONDONTWRITEBYTECODE="1",
               ADDIN_SERVER_CACHE_DIR=str(cache))
    # From a folder outside the checkout, so the package found is the unpacked wheel.
    done = subprocess.run([sys.executable, "-c",
                           "import sys, addin_server.cli as c; print(c.__file__, file=sys.stderr); "
                           "sys.exit(c.main(sys.argv[1:]))", "check", str(material)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 1), done.stderr[-3000:]
    assert str(installed_wheel) in done.stderr
    assert "结论" in done.stdout
    kept = sorted(p.name for p in cache.iterdir()) if cache.is_dir() else []
    # Neither the lexicon nor the trie was built.
    assert not [name for name in kept if name.startswith(DERIVED)], kept
    # The shipped programs hold nearly every expression the check compiled: a few rules compile
    # ones made for what the material holds, which the first run keeps in the cache.
    shipped = marshal.loads((installed_wheel / "addin_server" / resources.SHIPPED_CACHE
                             / regexes.file_name()).read_bytes())
    if (cache / regexes.file_name()).is_file():
        added = set(marshal.loads((cache / regexes.file_name()).read_bytes())) - set(shipped)
        assert len(added) <= 10, sorted(added)
    assert _snapshot(installed_wheel) == before   # nothing written into the installed package


def test_an_unreadable_shipped_lexicon_is_passed_over_for_the_users_cache(tmp_path, monkeypatch):
    shipped = tmp_path / "shipped"
    prebuild.build(shipped)
    monkeypatch.setattr(resources, "shipped_cache_dir", lambda: shipped)
    monkeypatch.setenv("ADDIN_SERVER_CACHE_DIR", str(tmp_path / "cache"))
    kept = list(lexicon._compiled)
    try:
        lexicon._compiled.clear()
        assert lexicon.compiled()["genre_words"]          # read from the shipped files
        assert not (tmp_path / "cache").exists()
        lexicon._compiled.clear()
        main = shipped / lexicon.file_name()
        main.write_bytes(b"not marshal")
        before = _snapshot(shipped)
        assert lexicon.compiled()["genre_words"]          # built into the user's cache
        assert (tmp_path / "cache" / main.name).is_file()
        assert _snapshot(shipped) == before
    finally:
        lexicon._compiled[:] = kept


def test_a_shipped_lexicon_made_from_other_sources_is_not_used(tmp_path, monkeypatch):
    """What the shipped files were made from is in their names: made by other code (here: another
    COMPILED_VERSION; likewise other data files, another jieba or pypinyin), they are not found,
    and the first run builds into the user's cache under the new name."""
    shipped = tmp_path / "shipped"
    lexicon.build_into(shipped)
    monkeypatch.setattr(resources, "shipped_cache_dir", lambda: shipped)
    monkeypatch.setenv("ADDIN_SERVER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(lexicon, "COMPILED_VERSION", lexicon.COMPILED_VERSION + 1)
    assert not (shipped / lexicon.file_name()).exists()
    kept = list(lexicon._compiled)
    try:
        lexicon._compiled.clear()
        assert lexicon.compiled()["version"] == lexicon.COMPILED_VERSION
        assert (tmp_path / "cache" / lexicon.file_name()).is_file()
    finally:
        lexicon._compiled[:] = kept
