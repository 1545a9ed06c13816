"""Settings precedence: embedded defaults < config file < environment < command-line flags."""
from __future__ import annotations

import pytest

from addin_server.app import create_app
from addin_server.config import DEFAULTS, ConfigError, load_settings, user_config_dir


@pytest.fixture
def no_user_config(tmp_path, monkeypatch):
    for name in list(__import__("os").environ):
        if name.startswith("ADDIN_SERVER_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("ADDIN_SERVER_CONFIG_DIR", str(tmp_path / "config"))
    return tmp_path


def test_zero_configuration_gives_the_defaults(no_user_config):
    settings = load_settings(environ={})
    assert settings == DEFAULTS
    assert (settings.host, settings.port, settings.tls) == ("127.0.0.1", 3000, True)
    assert settings.allowed_hosts == ("localhost", "127.0.0.1", "::1")


def test_each_layer_overrides_the_one_below(no_user_config):
    config = no_user_config / "my.toml"
    config.write_text('port = 4000\nmax_paragraphs = 100\nallowed_hosts = ["addin.local"]\n'
                      'log_level = "debug"\n', encoding="utf-8")
    env = {"ADDIN_SERVER_CONFIG": str(config), "ADDIN_SERVER_MAX_PARAGRAPHS": "200",
           "ADDIN_SERVER_ALLOWED_ORIGINS": "https://a.example, https://b.example",
           "ADDIN_SERVER_TLS": "false"}
    settings = load_settings(environ=env, overrides={"max_paragraphs": 300, "host": None})
    assert settings.port == 4000                       # file
    assert settings.allowed_hosts == ("addin.local",)  # file
    assert settings.allowed_origins == ("https://a.example", "https://b.example")  # environment
    assert settings.tls is False                       # environment
    assert settings.max_paragraphs == 300              # flag beats environment beats file
    assert settings.host == "127.0.0.1"                # a flag left unset changes nothing
    assert settings.log_level == "debug"


def test_the_user_config_dir_file_is_read_when_present(no_user_config):
    directory = user_config_dir()
    directory.mkdir(parents=True)
    (directory / "config.toml").write_text("max_content_length = 1234\n", encoding="utf-8")
    assert load_settings(environ={}).max_content_length == 1234
    app = create_app()  # None: defaults < file < environment
    assert app.config["MAX_CONTENT_LENGTH"] == 1234


@pytest.mark.parametrize("content, words", [
    ('port = "x"\n', ["port", "integer"]),
    ("port = 70000\n", ["port"]),
    ("colour = 1\n", ["unknown setting", "colour"]),
    ("allowed_origins = ['https://x.example/']\n", ["allowed_origins"]),
    ("port = \n", ["not valid TOML"]),
    ("tls = 1\n", ["tls", "boolean"]),
])
def test_config_file_errors_name_the_key_and_the_file(no_user_config, content, words):
    path = no_user_config / "bad.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(config_file=path, environ={})
    for word in (*words, str(path)):
        assert word in str(info.value)


def test_environment_errors_and_a_missing_named_file(no_user_config):
    with pytest.raises(ConfigError, match="environment: max_paragraphs"):
        load_settings(environ={"ADDIN_SERVER_MAX_PARAGRAPHS": "many"})
    with pytest.raises(ConfigError, match="not found"):
        load_settings(environ={"ADDIN_SERVER_CONFIG": str(no_user_config / "absent.toml")})


def test_create_app_accepts_settings_and_flask_keys(no_user_config):
    app = create_app({"max_paragraphs": 7, "TESTING": True})
    assert app.config["ADDIN_SERVER_SETTINGS"].max_paragraphs == 7 and app.testing
    with pytest.raises(ValueError, match="colour"):
        create_app({"colour": "red"})


def test_header_and_body_timeouts_come_from_every_layer(no_user_config):
    assert (DEFAULTS.header_timeout, DEFAULTS.body_timeout) == (10, 60)
    config = no_user_config / "timeouts.toml"
    config.write_text("header_timeout = 5\nbody_timeout = 30\n", encoding="utf-8")
    settings = load_settings(environ={"ADDIN_SERVER_CONFIG": str(config),
                                      "ADDIN_SERVER_BODY_TIMEOUT": "20"})
    assert (settings.header_timeout, settings.body_timeout) == (5, 20)
    settings = load_settings(environ={"ADDIN_SERVER_BODY_TIMEOUT": "20"},
                             overrides={"body_timeout": 2, "header_timeout": None})
    assert (settings.header_timeout, settings.body_timeout) == (10, 2)
    with pytest.raises(ConfigError, match="body_timeout"):
        load_settings(environ={"ADDIN_SERVER_BODY_TIMEOUT": "0"})
