"""A local certificate authority and a localhost certificate, so Office can load the pane over HTTPS.

`install()` creates, once, in the user config dir (``certs/``):

- ``ca.crt`` / ``ca.key``: a CA valid for 10 years that can sign only for the names asked for
  (a name constraint: localhost, 127.0.0.1, ::1 by default), so trusting it cannot be abused to impersonate other sites;
- ``localhost.crt`` / ``localhost.key``: the server certificate (SAN localhost, 127.0.0.1, ::1),
  valid 825 days, the longest macOS accepts for TLS server certificates.

Keys are written with mode 0600 in a 0700 directory. Running it again keeps valid files and only
renews the server certificate when it is about to expire or misses a requested name.
"""
from __future__ import annotations

import datetime as dt
import ipaddress
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from .config import user_config_dir

CA_NAME = "addin-server local CA"
DEFAULT_NAMES = ("localhost", "127.0.0.1", "::1")
CA_DAYS = 3650
SERVER_DAYS = 825
RENEW_BEFORE = dt.timedelta(days=30)


@dataclass(frozen=True)
class CertPaths:
    directory: Path

    @property
    def ca_cert(self) -> Path:
        return self.directory / "ca.crt"

    @property
    def ca_key(self) -> Path:
        return self.directory / "ca.key"

    @property
    def cert(self) -> Path:
        return self.directory / "localhost.crt"

    @property
    def key(self) -> Path:
        return self.directory / "localhost.key"

    def exist(self) -> bool:
        return all(p.is_file() for p in (self.ca_cert, self.cert, self.key))


def default_dir() -> Path:
    return user_config_dir() / "certs"


def paths(directory=None) -> CertPaths:
    return CertPaths(Path(directory) if directory else default_dir())


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _san_entries(names):
    from cryptography import x509

    entries = []
    for name in names:
        try:
            entries.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            entries.append(x509.DNSName(name))
    return entries


def _write_private(path: Path, data: bytes) -> None:
    # Create with 0600 from the start so the key is never readable by others, even briefly.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(path, 0o600)


def _write_public(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    os.chmod(path, 0o644)


def _key_pem(key) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _load_cert(path: Path):
    from cryptography import x509

    return x509.load_pem_x509_certificate(path.read_bytes())


def _load_key(path: Path):
    from cryptography.hazmat.primitives import serialization

    return serialization.load_pem_private_key(path.read_bytes(), password=None)


def _valid_until(cert) -> dt.datetime:
    return cert.not_valid_after_utc


def _constraint_entries(names):
    from cryptography import x509

    entries = []
    for name in names:
        try:
            ip = ipaddress.ip_address(name)
        except ValueError:
            entries.append(x509.DNSName(name))
        else:
            entries.append(x509.IPAddress(ipaddress.ip_network(f"{ip}/{ip.max_prefixlen}")))
    return entries


def _make_ca(names):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, CA_NAME),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "addin-server")])
    now = _now()
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=CA_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
            key_encipherment=False, data_encipherment=False, key_agreement=False,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(ski, critical=False)
        # Non-critical so clients that do not understand it still accept the CA; the ones that do
        # refuse anything it signs for other names.
        .add_extension(x509.NameConstraints(permitted_subtrees=_constraint_entries(names),
                                            excluded_subtrees=None), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def _make_server_cert(ca_key, ca_cert, names):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    now = _now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(min(now + dt.timedelta(days=SERVER_DAYS), _valid_until(ca_cert)))
        .add_extension(x509.SubjectAlternativeName(_san_entries(names)), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, key_encipherment=False, key_cert_sign=False, crl_sign=False,
            content_commitment=False, data_encipherment=False, key_agreement=False,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                       critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    return key, cert


def _cert_names(cert) -> set[str]:
    from cryptography import x509

    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return set()
    return ({str(n) for n in san.get_values_for_type(x509.DNSName)}
            | {str(ip) for ip in san.get_values_for_type(x509.IPAddress)})


def _permitted_names(ca_cert) -> set[str]:
    """Names the CA may sign for (its name constraints), as plain names and addresses."""
    from cryptography import x509

    try:
        nc = ca_cert.extensions.get_extension_for_class(x509.NameConstraints).value
    except x509.ExtensionNotFound:
        return set()
    out = set()
    for entry in nc.permitted_subtrees or ():
        value = entry.value
        out.add(str(value.network_address) if isinstance(value, ipaddress._BaseNetwork)
                else str(value))
    return out


def _normalized(name: str) -> str:
    try:
        return str(ipaddress.ip_address(name))
    except ValueError:
        return name.lower()


def install(directory=None, names=DEFAULT_NAMES, force: bool = False) -> tuple[CertPaths, list[str]]:
    """Create what is missing or expiring; returns the paths and what was (re)created."""
    from cryptography.hazmat.primitives import serialization

    names = tuple(dict.fromkeys(_normalized(n) for n in names))
    where = paths(directory)
    where.directory.mkdir(parents=True, exist_ok=True)
    os.chmod(where.directory, 0o700)
    created = []
    now = _now()

    ca_ok = (not force and where.ca_cert.is_file() and where.ca_key.is_file()
             and _valid_until(_load_cert(where.ca_cert)) - now > RENEW_BEFORE
             and set(names) <= _permitted_names(_load_cert(where.ca_cert)))
    if ca_ok:
        ca_key, ca_cert = _load_key(where.ca_key), _load_cert(where.ca_cert)
    else:
        ca_key, ca_cert = _make_ca(names)
        _write_private(where.ca_key, _key_pem(ca_key))
        _write_public(where.ca_cert, ca_cert.public_bytes(serialization.Encoding.PEM))
        created.append("ca")

    server_ok = False
    if ca_ok and where.cert.is_file() and where.key.is_file():
        cert = _load_cert(where.cert)
        server_ok = (_valid_until(cert) - now > RENEW_BEFORE
                     and cert.issuer == ca_cert.subject
                     and set(names) <= _cert_names(cert))
    if not server_ok:
        key, cert = _make_server_cert(ca_key, ca_cert, names)
        _write_private(where.key, _key_pem(key))
        _write_public(where.cert, cert.public_bytes(serialization.Encoding.PEM))
        created.append("server")
    return where, created


def describe(directory=None) -> dict:
    """Paths, names, expiry and fingerprints of the installed certificates (for `certs show`)."""
    from cryptography.hazmat.primitives import hashes

    where = paths(directory)
    info = {"directory": str(where.directory), "installed": where.exist()}
    if not where.exist():
        return info
    for label, path in (("ca", where.ca_cert), ("server", where.cert)):
        cert = _load_cert(path)
        info[label] = {
            "path": str(path),
            "subject": cert.subject.rfc4514_string(),
            "names": sorted(_cert_names(cert)),
            "not_after": _valid_until(cert).isoformat(),
            "sha256": cert.fingerprint(hashes.SHA256()).hex(":").upper(),
        }
    info["key"] = str(where.key)
    return info


def trust_instructions(ca_cert: Path) -> str:
    """The exact commands that make this machine's browsers and Office trust the local CA."""
    ca = str(ca_cert)
    return "\n".join((
        "信任本机 CA（只需一次）/ Trust the local CA once:",
        "",
        "Windows（当前用户，无需管理员）:",
        f'  certutil -addstore -user Root "{ca}"',
        "",
        "macOS:",
        f'  security add-trusted-cert -r trustRoot -k ~/Library/Keychains/login.keychain-db "{ca}"',
        "",
        "Linux (Debian/Ubuntu):",
        f'  sudo cp "{ca}" /usr/local/share/ca-certificates/addin-server-ca.crt'
        " && sudo update-ca-certificates",
        "Linux (Fedora/RHEL/Arch, p11-kit):",
        f'  sudo trust anchor --store "{ca}"',
        "Chromium/Chrome on Linux and Firefox use their own NSS store:",
        f'  certutil -d sql:$HOME/.pki/nssdb -A -t "C,," -n "{CA_NAME}" -i "{ca}"',
        "  Firefox: Settings → Privacy & Security → Certificates → View Certificates → Authorities →",
        f"  Import \"{ca}\" (or set security.enterprise_roots.enabled = true on Windows/macOS).",
        "",
        "然后重启 Word / Restart Word (and the browser) afterwards.",
    ))


def platform_hint() -> str:
    return {"win32": "Windows", "darwin": "macOS"}.get(sys.platform, "Linux")
