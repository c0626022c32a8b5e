"""Passphrase-protected backups in the age v1 file format (scrypt recipient).

An encrypted backup is the ordinary JSON backup (see ``docs/backup-format.md``)
encrypted with a passphrase into an `age <https://age-encryption.org/v1>`_ file.
Any age implementation opens it, for example Debian's ``age`` tool::

    age -d -o interviewpal-backup.json interviewpal-backup-2024-05-01.json.age

and ``age -p`` makes a file this module decrypts. Format details, and why this is
our own implementation over ``cryptography`` rather than a package, are in
``docs/encrypted-backups.md``.

The file, in short (binary format; the ASCII-armored ``age -a`` form is read too)::

    age-encryption.org/v1
    -> scrypt <base64 16-byte salt> <log2 N>
    <base64 of the file key wrapped with ChaCha20-Poly1305>
    --- <base64 HMAC-SHA256 of the header>
    <16-byte nonce><payload: 64 KiB chunks, each ChaCha20-Poly1305 sealed>

Plain Python; no Flet, no network.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from hashlib import sha256

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"age-encryption.org/v1"
ARMOR_BEGIN = b"-----BEGIN AGE ENCRYPTED FILE-----"
ARMOR_END = b"-----END AGE ENCRYPTED FILE-----"
FILE_EXTENSION = "age"
MIME_TYPE = "application/octet-stream"

SCRYPT_LABEL = b"age-encryption.org/v1/scrypt"
# log2 of scrypt's N. 18 is what the age tool itself uses (about 1 s on a laptop,
# 256 MiB of memory); the age tool refuses files above 22 by default, so do we.
DEFAULT_WORK_FACTOR = 18
MAX_WORK_FACTOR = 22

CHUNK_SIZE = 64 * 1024
_TAG = 16
_NONCE = 16
_FILE_KEY = 16
_COLUMNS = 64
_MAX_HEADER = 64 * 1024


class EncryptedBackupError(ValueError):
    """An encrypted backup could not be opened. ``message`` is a sentence for the user."""

    def __init__(self, message: str, detail: str = ""):
        super().__init__(message if not detail else f"{message} ({detail})")
        self.message = message
        self.detail = detail


class WrongPassphrase(EncryptedBackupError):
    """The passphrase does not open this file (or the header was tampered with)."""

    def __init__(self, detail: str = ""):
        super().__init__(
            "This passphrase does not open the backup. Check it and try again; nothing was changed.",
            detail,
        )


class DamagedBackup(EncryptedBackupError):
    """The file is not a complete, intact age file."""

    def __init__(self, detail: str = ""):
        super().__init__(
            "This encrypted backup is damaged or incomplete, so it cannot be opened. "
            "Try another copy of it; nothing was changed.",
            detail,
        )


class UnsupportedBackup(EncryptedBackupError):
    """An age file this app cannot open (a key file instead of a passphrase, or too costly)."""

    def __init__(self, message: str, detail: str = ""):
        super().__init__(message, detail)


# ---------------------------------------------------------------- detection


def is_encrypted(data: bytes) -> bool:
    """True when ``data`` starts like an age file (binary or ASCII-armored).

    The import screen calls this first and asks for the passphrase when it is true.
    Leading whitespace is allowed before an armored file, as the age spec allows.
    """
    head = bytes(data[:128])
    return head.startswith(MAGIC + b"\n") or head.lstrip(b" \t\r\n").startswith(ARMOR_BEGIN)


# ------------------------------------------------------------------- encrypt


def encrypt_backup(
    plaintext: bytes,
    passphrase: str,
    *,
    work_factor: int = DEFAULT_WORK_FACTOR,
    _random: Callable[[int], bytes] | None = None,
) -> bytes:
    """Encrypt ``plaintext`` (the JSON backup bytes) with ``passphrase`` into an age file."""
    if not passphrase:
        raise ValueError("Choose a passphrase to protect the backup.")
    if not 1 <= work_factor <= MAX_WORK_FACTOR:
        raise ValueError(f"work_factor must be 1..{MAX_WORK_FACTOR}")
    rand = _random or os.urandom
    file_key = rand(_FILE_KEY)
    salt = rand(16)
    wrap_key = _scrypt(passphrase, salt, work_factor)
    body = ChaCha20Poly1305(wrap_key).encrypt(b"\x00" * 12, file_key, None)
    header = MAGIC + b"\n"
    header += b"-> scrypt " + _b64(salt) + b" " + str(work_factor).encode() + b"\n"
    header += _wrap_body(body)
    header += b"---"
    mac = hmac.new(_hkdf(file_key, b"", b"header"), header, sha256).digest()
    nonce = rand(_NONCE)
    return header + b" " + _b64(mac) + b"\n" + nonce + _seal_payload(file_key, nonce, plaintext)


# ------------------------------------------------------------------- decrypt


@dataclass(frozen=True)
class _Header:
    salt: bytes
    work_factor: int
    body: bytes
    mac_input: bytes
    mac: bytes
    payload_start: int


def decrypt_backup(data: bytes, passphrase: str) -> bytes:
    """Decrypt an age file made with a passphrase; returns the plaintext bytes.

    Raises :class:`WrongPassphrase`, :class:`DamagedBackup` or
    :class:`UnsupportedBackup` (all :class:`EncryptedBackupError`) with a sentence
    for the user in ``.message``.
    """
    data = bytes(data)
    if not data.startswith(MAGIC + b"\n"):
        if is_encrypted(data):
            data = _dearmor(data)
        else:
            raise DamagedBackup("not an age file")
    header = _parse_header(data)
    wrap_key = _scrypt(passphrase, header.salt, header.work_factor)
    try:
        file_key = ChaCha20Poly1305(wrap_key).decrypt(b"\x00" * 12, header.body, None)
    except InvalidTag:
        raise WrongPassphrase() from None
    expected = hmac.new(_hkdf(file_key, b"", b"header"), header.mac_input, sha256).digest()
    if not hmac.compare_digest(expected, header.mac):
        raise DamagedBackup("header MAC does not match")
    payload = data[header.payload_start:]
    if len(payload) < _NONCE:
        raise DamagedBackup("payload nonce missing")
    return _open_payload(file_key, payload[:_NONCE], payload[_NONCE:])


def _parse_header(data: bytes) -> _Header:
    end = data.find(b"\n---", 0, _MAX_HEADER)
    if end < 0:
        raise DamagedBackup("header end not found")
    lines = data[: end + 1].split(b"\n")[:-1]  # lines before the '---' line
    if lines[0] != MAGIC:
        raise DamagedBackup("bad version line")
    mac_line_end = data.find(b"\n", end + 1)
    if mac_line_end < 0:
        raise DamagedBackup("header MAC line incomplete")
    mac_line = data[end + 1: mac_line_end]  # '--- <mac>'
    if not mac_line.startswith(b"--- "):
        raise DamagedBackup("bad MAC line")
    mac = _unb64(mac_line[4:])
    if len(mac) != 32:
        raise DamagedBackup("bad MAC length")
    stanzas: list[tuple[list[bytes], bytes]] = []
    i = 1
    while i < len(lines):
        line = lines[i]
        if not line.startswith(b"-> "):
            raise DamagedBackup("bad stanza line")
        args = line[3:].split(b" ")
        if not args or any(not a for a in args):
            raise DamagedBackup("bad stanza arguments")
        i += 1
        body_lines: list[bytes] = []
        while True:
            if i >= len(lines):
                raise DamagedBackup("stanza body incomplete")
            chunk = lines[i]
            i += 1
            if len(chunk) > _COLUMNS:
                raise DamagedBackup("stanza line too long")
            body_lines.append(chunk)
            if len(chunk) < _COLUMNS:
                break
        stanzas.append((args, _unb64(b"".join(body_lines))))
    types = [s[0][0] for s in stanzas]
    if not stanzas:
        raise DamagedBackup("no recipient stanza")
    if b"scrypt" not in types:
        raise UnsupportedBackup(
            "This backup was encrypted for a key file, not with a passphrase, "
            "so the app cannot open it. Decrypt it with the age tool first."
        )
    if len(stanzas) != 1:
        raise DamagedBackup("a passphrase file must have exactly one recipient")
    args, body = stanzas[0]
    if len(args) != 3:
        raise DamagedBackup("bad scrypt arguments")
    salt = _unb64(args[1])
    if len(salt) != 16:
        raise DamagedBackup("bad scrypt salt")
    if not re.fullmatch(rb"[1-9][0-9]*", args[2]):
        raise DamagedBackup("bad scrypt work factor")
    work_factor = int(args[2])
    if work_factor > MAX_WORK_FACTOR:
        raise UnsupportedBackup(
            "This backup's passphrase protection is set too high for this device to open it. "
            "Decrypt it with the age tool first.",
            f"work factor {work_factor}",
        )
    if len(body) != _FILE_KEY + _TAG:
        raise DamagedBackup("bad wrapped key length")
    return _Header(salt, work_factor, body, data[: end + 4], mac, mac_line_end + 1)


# ------------------------------------------------------------------ payload


def _payload_key(file_key: bytes, nonce: bytes) -> ChaCha20Poly1305:
    return ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))


def _chunk_nonce(counter: int, last: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def _seal_payload(file_key: bytes, nonce: bytes, plaintext: bytes) -> bytes:
    aead = _payload_key(file_key, nonce)
    out = bytearray()
    n_chunks = max(1, -(-len(plaintext) // CHUNK_SIZE))
    for i in range(n_chunks):
        chunk = plaintext[i * CHUNK_SIZE: (i + 1) * CHUNK_SIZE]
        out += aead.encrypt(_chunk_nonce(i, i == n_chunks - 1), chunk, None)
    return bytes(out)


def _open_payload(file_key: bytes, nonce: bytes, sealed: bytes) -> bytes:
    aead = _payload_key(file_key, nonce)
    size = CHUNK_SIZE + _TAG
    if not sealed:
        raise DamagedBackup("payload missing")
    out = bytearray()
    counter = 0
    pos = 0
    while pos < len(sealed):
        chunk = sealed[pos: pos + size]
        pos += len(chunk)
        last = pos >= len(sealed)
        if len(chunk) < _TAG:
            raise DamagedBackup("payload chunk too short")
        try:
            plain = aead.decrypt(_chunk_nonce(counter, last), chunk, None)
        except InvalidTag:
            # A full chunk at the end that fails as the last one: the file was cut
            # at a chunk boundary, or altered.
            raise DamagedBackup("payload chunk does not authenticate") from None
        if last and not plain and counter > 0:
            raise DamagedBackup("empty last chunk")
        out += plain
        counter += 1
    return bytes(out)


# ------------------------------------------------------------------ helpers


def _scrypt(passphrase: str, salt: bytes, work_factor: int) -> bytes:
    kdf = Scrypt(salt=SCRYPT_LABEL + salt, length=32, n=1 << work_factor, r=8, p=1)
    return kdf.derive(passphrase.encode("utf-8"))


def _hkdf(ikm: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt or None, info=info).derive(ikm)


def _b64(raw: bytes) -> bytes:
    return base64.b64encode(raw).rstrip(b"=")


def _unb64(text: bytes) -> bytes:
    """Strict unpadded base64 as age writes it (canonical, no '=', no newlines)."""
    if b"=" in text or not re.fullmatch(rb"[A-Za-z0-9+/]*", text) or len(text) % 4 == 1:
        raise DamagedBackup("bad base64")
    try:
        raw = base64.b64decode(text + b"=" * (-len(text) % 4), validate=True)
    except binascii.Error:
        raise DamagedBackup("bad base64") from None
    if _b64(raw) != text:  # non-zero padding bits: not canonical
        raise DamagedBackup("non-canonical base64")
    return raw


def _wrap_body(body: bytes) -> bytes:
    text = _b64(body)
    lines = [text[i: i + _COLUMNS] for i in range(0, len(text), _COLUMNS)]
    if not lines or len(lines[-1]) == _COLUMNS:
        lines.append(b"")  # the last body line is always shorter than 64 columns
    return b"".join(line + b"\n" for line in lines)


def _dearmor(data: bytes) -> bytes:
    text = data.strip(b" \t\r\n").replace(b"\r\n", b"\n")
    lines = text.split(b"\n")
    if len(lines) < 3 or lines[0] != ARMOR_BEGIN or lines[-1] != ARMOR_END:
        raise DamagedBackup("bad armor")
    body = lines[1:-1]
    if any(len(line) > _COLUMNS for line in body) or any(len(line) != _COLUMNS for line in body[:-1]):
        raise DamagedBackup("bad armor line length")
    joined = b"".join(body)
    try:
        raw = base64.b64decode(joined, validate=True)
    except binascii.Error:
        raise DamagedBackup("bad armor base64") from None
    if not raw.startswith(MAGIC + b"\n"):
        raise DamagedBackup("armor does not hold an age file")
    return raw
