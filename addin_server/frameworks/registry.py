"""Where frameworks come from: the package, an organisation folder and the user's own folder.

Every `*.toml` file in those folders is one framework, a thesaurus file (words that say the same
thing, thesaurus.py, told apart by its `thesaurus` list), or a remedy file (整改措施 for a framework,
the format of addin_server/remedies/data/, told apart by its `remedies` list and read by
remedies.library). The shipped ones are read once; the two
folders are looked at again when their files change (a user installs a framework while the server
runs; an organisation updates its share), at most every few seconds. A broken file never stops
anything: it is skipped and listed by `load_problems()` with its file and field (and, with the
remedy and proofreading files', by catalogue.load_problems).

The organisation folder and the configured default come from the settings (`frameworks_dir`,
`default_framework` in config.toml or ADDIN_SERVER_FRAMEWORKS_DIR / ADDIN_SERVER_DEFAULT_FRAMEWORK);
the user folder is `frameworks/` in the user config dir. The server writes framework files into
the user folder only (install / remove), never anything from a document.
"""
from __future__ import annotations

import functools
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ..config import ConfigError, load_settings, user_config_dir
from ..datafiles import ORIGIN_LABELS, LoadProblem, load_toml, shipped_files, tomllib
from .loader import AUTO, Framework, FrameworkError, load_framework_file, parse_framework
from .thesaurus import Thesaurus, ThesaurusError, combined, is_thesaurus_data, parse_file_data
from .toml_writer import framework_toml

# Seconds during which the folders are not looked at again (a network share is slow to list).
RESCAN_SECONDS = 2.0
MAX_FILE_BYTES = 256 * 1024


@dataclass(frozen=True, slots=True)
class _Folders:
    organisation: Path | None
    user: Path
    default: str


_settings = None   # set by use_settings() (the server's app factory); else read when needed


def use_settings(settings) -> None:
    """Take the organisation folder and the default from these settings (config.Settings)."""
    global _settings
    _settings = settings
    _registry.invalidate()


def _folders() -> _Folders:
    user = user_config_dir() / "frameworks"
    settings = _settings
    if settings is None:
        try:
            settings = load_settings()
        except ConfigError:
            # A broken config file is reported by `serve`; frameworks load from the defaults.
            return _Folders(None, user, AUTO)
    organisation = Path(settings.frameworks_dir).expanduser() if settings.frameworks_dir else None
    return _Folders(organisation, user, settings.default_framework or AUTO)


@functools.lru_cache(maxsize=1)
def _shipped() -> dict[str, Framework]:
    frameworks: dict[str, Framework] = {}
    for path in shipped_files(__package__):
        fw = load_framework_file(path)
        if fw.id in frameworks:
            raise FrameworkError(f"duplicate framework id {fw.id!r}", "id", path.name)
        frameworks[fw.id] = fw
    return frameworks


def _toml_files(folder: Path | None) -> list[Path]:
    if folder is None:
        return []
    try:
        return sorted(p for p in folder.iterdir() if p.suffix == ".toml" and p.is_file())
    except OSError:
        return []


def _signature(folders: _Folders) -> tuple:
    out = [folders]
    for folder in (folders.organisation, folders.user):
        for path in _toml_files(folder):
            try:
                st = path.stat()
            except OSError:
                continue
            out.append((str(path), st.st_mtime_ns, st.st_size))
    return tuple(out)


class _Registry:
    def __init__(self):
        self._lock = threading.Lock()
        self._checked = 0.0
        self._signature = None
        self._frameworks: dict[str, Framework] = {}
        self._problems: tuple[LoadProblem, ...] = ()
        self._remedy_files: tuple = ()
        self._thesaurus: Thesaurus = combined()
        self._default = AUTO

    def invalidate(self) -> None:
        with self._lock:
            self._checked = 0.0

    def _refresh(self) -> None:
        now = time.monotonic()
        if self._signature is not None and now - self._checked < RESCAN_SECONDS:
            return
        with self._lock:
            if self._signature is not None and now - self._checked < RESCAN_SECONDS:
                return
            folders = _folders()
            signature = _signature(folders)
            if signature != self._signature:
                (self._frameworks, self._problems, self._remedy_files,
                 self._thesaurus) = _load_all(folders)
                self._default = folders.default
                self._signature = signature
            self._checked = time.monotonic()

    def frameworks(self) -> dict[str, Framework]:
        self._refresh()
        return self._frameworks

    def problems(self) -> tuple[LoadProblem, ...]:
        self._refresh()
        return self._problems

    def remedy_files(self) -> tuple:
        self._refresh()
        return self._remedy_files

    def configured_default(self) -> str:
        self._refresh()
        return self._default

    def thesaurus(self) -> Thesaurus:
        self._refresh()
        return self._thesaurus


def _load_all(folders: _Folders):
    frameworks = dict(_shipped())
    problems, remedy_files, word_groups = [], [], []
    for origin, folder in (("organisation", folders.organisation), ("user", folders.user)):
        for path in _toml_files(folder):
            try:
                stat = path.stat()
                if stat.st_size > MAX_FILE_BYTES:
                    raise FrameworkError(f"larger than {MAX_FILE_BYTES // 1024} KiB", source=path.name)
                data = load_toml(path, FrameworkError)
                if isinstance(data.get("remedies"), list) and "dimensions" not in data:
                    # A remedy file beside the frameworks (remedies.library reads it).
                    remedy_files.append((origin, str(path), stat.st_mtime_ns, stat.st_size))
                    continue
                if is_thesaurus_data(data):
                    # Words of the genre that say the same thing, and topics, added to the
                    # shipped ones.
                    word_groups.append(parse_file_data(data, path.name))
                    continue
                fw = parse_framework(data, path.name)
            except (FrameworkError, ThesaurusError, OSError) as exc:
                problems.append(LoadProblem(origin, str(path), str(exc)))
                continue
            if fw.id in frameworks:
                taken = frameworks[fw.id].origin
                problems.append(LoadProblem(origin, str(path), FrameworkError(
                    f"框架 id {fw.id!r} 已被{ORIGIN_LABELS[taken]}框架使用 / id already used by "
                    f"a {taken} framework", "id", path.name).args[0]))
                continue
            frameworks[fw.id] = fw.with_origin(origin, str(path))
    default = folders.default
    if default != AUTO and default not in frameworks:
        problems.append(LoadProblem("organisation", "config", f"default_framework: 未知的框架 "
                                    f"{default!r}，改用自动识别 / unknown framework, using auto"))
    return frameworks, tuple(problems), tuple(remedy_files), combined(*word_groups)


_registry = _Registry()


def reload() -> None:
    """Look at the folders again on the next use (after files were changed from outside)."""
    _registry.invalidate()


def list_frameworks() -> list[Framework]:
    """Every framework, the default first, then newest year first."""
    return sorted(_registry.frameworks().values(), key=lambda f: (not f.is_default, -f.year, f.id))


def default_framework() -> Framework:
    """The framework used where one must be named without a document (a scaffold, a remedy list)."""
    configured = _registry.configured_default()
    frameworks = _registry.frameworks()
    if configured in frameworks:
        return frameworks[configured]
    return list_frameworks()[0]


def configured_default() -> str:
    """What a check uses when none is named: "auto" unless the configuration pins a framework."""
    configured = _registry.configured_default()
    return configured if configured in _registry.frameworks() else AUTO


def load_problems() -> tuple[LoadProblem, ...]:
    """Framework and thesaurus files in the organisation or user folder that were skipped, and
    why (catalogue.load_problems lists every kind of data file's)."""
    return _registry.problems()


def remedy_files() -> tuple:
    """(origin, path, mtime, size) of the remedy files in the organisation and user folders."""
    return _registry.remedy_files()


def current_thesaurus() -> Thesaurus:
    """The genre's equivalent words: the shipped ones and the organisation's and user's files."""
    return _registry.thesaurus()


def get_framework(framework_id: str | None = None) -> Framework:
    if not framework_id or framework_id == AUTO:
        return default_framework()
    frameworks = _registry.frameworks()
    try:
        return frameworks[framework_id]
    except (KeyError, TypeError):
        known = ", ".join(sorted(frameworks))
        raise FrameworkError(f"没有“{framework_id}”这个框架，请从已有的框架中选择"
                             f" / unknown framework {framework_id!r} (known: {known})",
                             field="framework") from None


# ------------------------------------------------------------------------------------------------
# The user's folder: the only place the product writes framework files.


def user_frameworks_dir() -> Path:
    return _folders().user


def install_framework(framework: Framework | str | os.PathLike, replace: bool = False) -> Framework:
    """Validate a framework (or a framework file) and write it into the user folder.

    Refuses an id that a shipped or organisation framework has, and a user id already installed
    unless `replace`. Returns the installed framework (origin "user").
    """
    if not isinstance(framework, Framework):
        path = Path(framework)
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise FrameworkError(f"无法读取 / cannot read: {exc.strerror}", source=path.name) from None
        if size > MAX_FILE_BYTES:
            raise FrameworkError(f"larger than {MAX_FILE_BYTES // 1024} KiB", source=path.name)
        framework = load_framework_file(path)
    existing = _registry.frameworks().get(framework.id)
    if existing is not None and (existing.origin != "user" or not replace):
        what = ORIGIN_LABELS[existing.origin]
        raise FrameworkError(f"已有{what}框架使用 id {framework.id!r}，请换一个 id / id already used "
                             f"by a {existing.origin} framework", "id", framework.id)
    text = framework_toml(framework)
    parse_framework(_reparse(text), framework.id)   # what is written must load again
    folder = user_frameworks_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{framework.id}.toml"
    temporary = target.with_suffix(".toml.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, target)
    _registry.invalidate()
    return framework.with_origin("user", str(target))


def remove_framework(framework_id: str) -> Framework:
    """Delete a user framework's file; shipped and organisation frameworks cannot be removed."""
    framework = get_framework(framework_id)
    if framework.origin != "user":
        raise FrameworkError(f"{ORIGIN_LABELS[framework.origin]}框架不能删除，只能删除个人框架 / only "
                             f"user frameworks can be removed", "id", framework_id)
    Path(framework.path).unlink(missing_ok=True)
    _registry.invalidate()
    return framework


def export_framework(framework_id: str) -> str:
    """The framework as a file a colleague can install (TOML text)."""
    return framework_toml(get_framework(framework_id))


def _reparse(text: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:   # a writer bug: say so rather than save the file
        raise FrameworkError(f"cannot be written as a framework file: {exc}") from None
