"""Server settings: embedded defaults < config file < environment variables < command-line flags.

Zero configuration works: the defaults serve HTTPS on 127.0.0.1:3000 for the local Word add-in.

1. Embedded defaults (`DEFAULTS` below).
2. A TOML config file, flat keys as in `DEFAULTS` (e.g. ``port = 3443``). Its path is the
   ``--config`` flag, else ``$ADDIN_SERVER_CONFIG``, else ``config.toml`` in the user config dir
   (`user_config_dir()`). A missing file at the default location is fine; a missing file that was
   named explicitly is an error.
3. Environment variables ``ADDIN_SERVER_<KEY>`` (upper case), e.g. ``ADDIN_SERVER_PORT=3443``;
   lists are comma-separated (``ADDIN_SERVER_ALLOWED_HOSTS=localhost,addin.local``).
4. Command-line flags of ``addin-server serve`` (passed as ``overrides``).

docs/configuration.md describes every key. Errors name the key and where it came from.
"""
from __future__ import annotations

import dataclasses
import os
import sys
from dataclasses import dataclass, fields
from pathlib import Path

from .datafiles import DataFileError, FolderReading, load_toml

APP_DIR_NAME = "addin-server"
ENV_PREFIX = "ADDIN_SERVER_"
CONFIG_FILE_ENV = "ADDIN_SERVER_CONFIG"
CONFIG_DIR_ENV = "ADDIN_SERVER_CONFIG_DIR"
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
MAX_WORKERS = 32


class ConfigError(ValueError):
    """A setting has the wrong type or value; the message names the key and its source."""


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 3000
    tls: bool = True
    # Empty means the certificate made by `addin-server certs install` in the user config dir.
    cert_file: str = ""
    key_file: str = ""
    # Host header allow-list against DNS rebinding; "*" disables the check (not recommended).
    allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS
    # Extra origins (scheme://host[:port]) that may call the API cross-origin (CORS) and POST.
    allowed_origins: tuple[str, ...] = ()
    max_content_length: int = 10 * 1024 * 1024
    max_paragraphs: int = 20_000
    # The review page (POST /api/review and its exports): one upload of a whole set, this year's
    # and last year's together, held in memory while it is checked. 500 materials of a usual size
    # (a few hundred KB) fit in the default; each file inside is still held to max_content_length.
    review_max_upload: int = 256 * 1024 * 1024
    review_max_files: int = 2000
    # Processes checking one review's files (0: one per CPU).
    review_jobs: int = 0
    # Worker threads: the work is short and mostly CPU-bound under the GIL, so a few threads
    # keep two cores busy while one request waits on the network.
    threads: int = 8
    # Server processes sharing the port (SO_REUSEPORT, Linux only): one is enough for a single
    # user's Word; an organisation serving many users can use more cores with more.
    workers: int = 1
    log_level: str = "info"
    access_log: bool = True
    # An organisation's folder of framework files (may be a network share), loaded beside the
    # shipped ones and the user's own; empty: none.
    frameworks_dir: str = ""
    # The framework a check uses when the request names none: "auto" recognises it from the
    # document; an organisation may pin one by id.
    default_framework: str = "auto"
    # Seconds a request may take before the client gets a 503 (request.too_long) instead.
    request_timeout: int = 60
    # Seconds a client has to send its request line and headers (from connecting, or from the
    # previous response on a kept-alive connection; then the connection is closed), and its body
    # (from the headers; then 408 request.timeout). Slow clients hold no thread meanwhile.
    header_timeout: int = 10
    body_timeout: int = 60
    # An organisation's folder of proofreading rule files (may be a network share), loaded after
    # the shipped rules and before the user's own (<user config dir>/proofreading/); empty: none.
    proofreading_dir: str = ""
    # An organisation's folder of substance knowledge files (cue words, fact patterns, roots:
    # docs/review.md), read after the shipped ones and before <user config dir>/substance/.
    substance_dir: str = ""
    # An organisation's folder of back-matter words (closing sentences, 整改清单 column headers:
    # docs/back-matter.md), read after the shipped ones and before <user config dir>/back_matter/.
    back_matter_dir: str = ""

    def replace(self, **changes) -> "Settings":
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


DEFAULTS = Settings()
_FIELDS = {f.name: f for f in fields(Settings)}
_LOG_LEVELS = ("debug", "info", "warning", "error", "critical")


def user_config_dir() -> Path:
    """Where config.toml and the local certificates live, per platform conventions."""
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        base = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
        return Path(base) / APP_DIR_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_DIR_NAME
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / APP_DIR_NAME


def default_config_file() -> Path:
    return user_config_dir() / "config.toml"


def _coerce(name: str, value, source: str, from_text: bool):
    """Convert one raw value to the type of the Settings field, or raise ConfigError."""
    default = getattr(DEFAULTS, name)

    def fail(expected: str):
        raise ConfigError(f"{source}: {name} must be {expected}, got {value!r}")

    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
        if from_text and isinstance(value, str):
            lowered = value.strip().lower()
            if lowered in ("1", "true", "yes", "on"):
                return True
            if lowered in ("0", "false", "no", "off"):
                return False
        fail("a boolean")
    if isinstance(default, int):
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif from_text and isinstance(value, str) and value.strip().lstrip("-").isdigit():
            number = int(value)
        else:
            fail("an integer")
        if name == "port" and not 0 <= number <= 65535:
            fail("a port number 0..65535")
        if name == "review_jobs" and number == 0:
            return number  # one per CPU
        if name != "port" and number < 1:
            fail("a positive integer")
        if name == "workers" and number > MAX_WORKERS:
            fail(f"an integer 1..{MAX_WORKERS}")
        return number
    if isinstance(default, tuple):
        if from_text and isinstance(value, str):
            value = [part for part in (p.strip() for p in value.split(",")) if part]
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            fail("a list of strings")
        items = tuple(v.strip() for v in value if v.strip())
        if name == "allowed_origins":
            for origin in items:
                if not origin.startswith(("http://", "https://")) or origin.endswith("/"):
                    raise ConfigError(f"{source}: allowed_origins entries look like "
                                      f"https://host[:port] without a trailing slash, got {origin!r}")
        return tuple(v.lower() for v in items) if name == "allowed_hosts" else items
    if not isinstance(value, str):
        fail("a string")
    if name == "log_level" and value.lower() not in _LOG_LEVELS:
        fail("one of " + ", ".join(_LOG_LEVELS))
    return value.lower() if name == "log_level" else value


def _apply(settings: Settings, values: dict, source: str, from_text: bool = False) -> Settings:
    changes = {}
    for name, value in values.items():
        if name not in _FIELDS:
            known = ", ".join(_FIELDS)
            raise ConfigError(f"{source}: unknown setting {name!r} (known: {known})")
        changes[name] = _coerce(name, value, source, from_text)
    return settings.replace(**changes)


def read_config_file(path) -> dict:
    path = Path(path)
    try:
        # Bounded in size and nesting like every data file (datafiles.load_toml).
        return load_toml(path)
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except DataFileError as exc:
        raise ConfigError(f"{path}: {str(exc).split(': ', 1)[-1]}") from None


def environment_values(environ=None) -> dict:
    environ = os.environ if environ is None else environ
    values = {}
    for name in _FIELDS:
        raw = environ.get(ENV_PREFIX + name.upper())
        if raw is not None:
            values[name] = raw
    return values


def load_settings(config_file=None, environ=None, overrides=None) -> Settings:
    """Settings from every layer; `overrides` (command-line flags) win, None values are skipped."""
    environ = os.environ if environ is None else environ
    settings = DEFAULTS
    explicit = config_file or environ.get(CONFIG_FILE_ENV)
    path = Path(explicit).expanduser() if explicit else default_config_file()
    if explicit or path.is_file():
        settings = _apply(settings, read_config_file(path), str(path))
    settings = _apply(settings, environment_values(environ), "environment", from_text=True)
    if overrides:
        given = {k: v for k, v in overrides.items() if v is not None}
        settings = _apply(settings, given, "command line")
    return settings


def settings_from_dict(values: dict, source: str) -> Settings:
    """Settings from `Settings.to_dict()` output (e.g. sent as JSON to a worker), validated again."""
    return _apply(DEFAULTS, values, source)


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    return host in LOOPBACK_HOSTS or host.startswith("127.")


class KnowledgeFolders:
    """The folders one kind of knowledge file is read from (proofreading rules, substance
    knowledge, back-matter words): the organisation folder a setting names (`proofreading_dir` in
    config.toml or its $ADDIN_SERVER_… variable), then `folder` in the user config dir. Read through
    datafiles.FolderReading with `read`, and read again when the server's settings name another
    organisation folder."""

    def __init__(self, setting: str, folder: str, read):
        self.setting, self.folder = setting, folder
        self._settings = None   # set by use_settings() (the server's app factory); else read when needed
        self.reading = FolderReading(self.folders, read)

    def use_settings(self, settings) -> None:
        """Take the organisation folder from these settings (Settings) and read the files again if
        it changed."""
        changed = self._settings is None or self.organisation_dir() != getattr(settings, self.setting, "")
        self._settings = settings
        if changed:
            self.reading.forget()

    def organisation_dir(self) -> str:
        if self._settings is not None:
            return getattr(self._settings, self.setting, "")
        try:
            return getattr(load_settings(), self.setting)
        except ConfigError:   # a broken config.toml is reported by the server itself, not here
            return ""

    def folders(self) -> list[tuple[str, Path]]:
        """(origin, folder) pairs: the organisation's when one is set, then the user's."""
        org = self.organisation_dir()
        out = [("organisation", Path(org).expanduser())] if org else []
        out.append(("user", user_config_dir() / self.folder))
        return out

    def get(self):
        return self.reading.get()

    def current(self):
        """The value read last, or None, without reading anything (FolderReading.current)."""
        return self.reading.current()

    def forget(self) -> None:
        self.reading.forget()
