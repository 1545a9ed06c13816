"""The local CA and localhost certificate: names, permissions, idempotence, the CLI."""
from __future__ import annotations

import datetime as dt
import ipaddress
import os
import ssl
import sys

import pytest
from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID

from addin_server import certs
from addin_server.cli import main
from requires import not_on_this_platform


def load(path):
    return x509.load_pem_x509_certificate(path.read_bytes())


def test_install_creates_a_ca_and_a_localhost_certificate(tmp_path):
    where, created = certs.install(tmp_path / "certs")
    assert created == ["ca", "server"]
    ca, cert = load(where.ca_cert), load(where.cert)
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert cert.issuer == ca.subject
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == ["localhost"]
    assert set(san.get_values_for_type(x509.IPAddress)) == {ipaddress.ip_address("127.0.0.1"),
                                                            ipaddress.ip_address("::1")}
    eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert ExtendedKeyUsageOID.SERVER_AUTH in eku
    lifetime = cert.not_valid_after_utc - cert.not_valid_before_utc
    assert lifetime <= dt.timedelta(days=826)  # macOS refuses longer-lived TLS certificates
    cert.verify_directly_issued_by(ca)


def tls_handshake(server_pair, trusted_ca, hostname: str) -> dict:
    """A TLS handshake in memory: the server presents `server_pair`'s certificate, the client
    trusts only `trusted_ca` and checks `hostname`, as a browser with our CA installed would."""
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(server_pair.cert, server_pair.key)
    client_ctx = ssl.create_default_context(cafile=str(trusted_ca))
    to_server, to_client = ssl.MemoryBIO(), ssl.MemoryBIO()
    client = client_ctx.wrap_bio(to_client, to_server, server_hostname=hostname)
    server = server_ctx.wrap_bio(to_server, to_client, server_side=True)
    pending = [client, server]
    for _ in range(10):
        for side in list(pending):
            try:
                side.do_handshake()
                pending.remove(side)
            except ssl.SSLWantReadError:
                pass
        if not pending:
            return client.getpeercert()
    raise AssertionError("the TLS handshake did not finish")


def test_a_client_trusting_the_ca_accepts_the_chain_for_localhost_only(tmp_path):
    where, _ = certs.install(tmp_path / "certs")
    for name in ("localhost", "127.0.0.1", "::1"):
        peer = tls_handshake(where, where.ca_cert, name)
        assert ("DNS", "localhost") in peer["subjectAltName"]
    with pytest.raises(ssl.SSLCertVerificationError, match="mismatch|match"):
        tls_handshake(where, where.ca_cert, "example.org")
    # Another machine's CA does not vouch for this certificate.
    other, _ = certs.install(tmp_path / "other")
    with pytest.raises(ssl.SSLCertVerificationError, match="unable to get local issuer"):
        tls_handshake(where, other.ca_cert, "localhost")


@pytest.mark.skipif(sys.platform == "win32", reason=not_on_this_platform("POSIX permissions"))
def test_keys_are_private(tmp_path):
    where, _ = certs.install(tmp_path / "certs")
    assert os.stat(where.directory).st_mode & 0o777 == 0o700
    for key in (where.ca_key, where.key):
        assert os.stat(key).st_mode & 0o777 == 0o600


def test_install_is_idempotent_and_renews_for_new_names(tmp_path):
    directory = tmp_path / "certs"
    where, _ = certs.install(directory)
    before = (where.ca_cert.read_bytes(), where.cert.read_bytes(), where.key.read_bytes())
    assert certs.install(directory)[1] == []
    assert (where.ca_cert.read_bytes(), where.cert.read_bytes(), where.key.read_bytes()) == before
    # A name outside the CA's constraints needs a new CA (and trusting it again).
    _, created = certs.install(directory, names=(*certs.DEFAULT_NAMES, "addin.internal"))
    assert created == ["ca", "server"]
    assert "addin.internal" in certs.describe(directory)["server"]["names"]
    assert certs.install(directory, force=True)[1] == ["ca", "server"]


def test_ca_is_constrained_to_the_local_names(tmp_path):
    where, _ = certs.install(tmp_path / "certs")
    constraints = load(where.ca_cert).extensions.get_extension_for_class(x509.NameConstraints).value
    permitted = {str(g.value) for g in constraints.permitted_subtrees}
    assert permitted == {"localhost", "127.0.0.1/32", "::1/128"}


def test_trust_instructions_cover_every_platform(tmp_path):
    text = certs.trust_instructions(tmp_path / "ca.crt")
    for command in ("certutil -addstore -user Root", "security add-trusted-cert",
                    "update-ca-certificates", "trust anchor", "nssdb", "Firefox"):
        assert command in text
    assert str(tmp_path / "ca.crt") in text


def test_certs_cli(tmp_path, capsys):
    directory = str(tmp_path / "certs")
    assert main(["certs", "show", "--dir", directory]) == 1
    assert "addin-server certs install" in capsys.readouterr().out
    assert main(["certs", "install", "--dir", directory]) == 0
    out = capsys.readouterr().out
    assert "certutil -addstore -user Root" in out and "addin-server serve" in out
    assert main(["certs", "install", "--dir", directory]) == 0
    assert "未做改动" in capsys.readouterr().out
    assert main(["certs", "path", "ca", "--dir", directory]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "certs" / "ca.crt")
    assert main(["certs", "show", "--dir", directory, "--format", "json"]) == 0
    assert '"localhost"' in capsys.readouterr().out
