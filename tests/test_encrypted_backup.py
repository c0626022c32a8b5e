"""Encrypted backups (age v1 format, passphrase): our files open in Debian's ``age``
tool and its files open in ours; wrong passphrases and damaged files are refused."""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone

import pytest

from interviewpal.services.export.encrypted import (
    CHUNK_SIZE,
    DamagedBackup,
    EncryptedBackupError,
    UnsupportedBackup,
    WrongPassphrase,
    decrypt_backup,
    encrypt_backup,
    is_encrypted,
)
from tests.age_tool import AGE, run_with_passphrase

# Tests use a small scrypt cost so they stay fast; the format and code path are the same.
FAST = 10

needs_age = pytest.mark.skipif(
    AGE is None and os.environ.get("CI") != "true",
    reason="Debian's age tool is not installed (apt-get install age); required under CI=true",
)


def backup_bytes(n_entries: int = 3) -> bytes:
    """A backup-shaped JSON document with non-Latin text."""
    doc = {
        "format": "interviewpal-backup",
        "format_version": 1,
        "exported_at": datetime(2024, 5, 1, 10, 12, tzinfo=timezone.utc).isoformat(),
        "applications": [{"id": "a1", "company": "面试 Ltd"}, {"id": "a2", "company": "شركة"}],
        "journal": [{"id": f"j{i}", "text": f"Salary talk {i}: asked for 85k " + "x" * 50} for i in range(n_entries)],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


# ------------------------------------------------------------------ round trip


def test_round_trip_returns_the_same_bytes():
    plain = backup_bytes()
    sealed = encrypt_backup(plain, "correct horse", work_factor=FAST)
    assert sealed.startswith(b"age-encryption.org/v1\n-> scrypt ")
    assert plain not in sealed and b"Salary" not in sealed
    assert decrypt_backup(sealed, "correct horse") == plain


@pytest.mark.parametrize("size", [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE])
def test_round_trip_at_chunk_boundaries(size):
    plain = os.urandom(size)
    assert decrypt_backup(encrypt_backup(plain, "pw", work_factor=FAST), "pw") == plain


def test_each_file_is_different_even_for_the_same_input():
    plain = backup_bytes()
    assert encrypt_backup(plain, "pw", work_factor=FAST) != encrypt_backup(plain, "pw", work_factor=FAST)


def test_non_ascii_passphrase():
    plain = backup_bytes()
    sealed = encrypt_backup(plain, "pässwörd 面试 شركة", work_factor=FAST)
    assert decrypt_backup(sealed, "pässwörd 面试 شركة") == plain
    with pytest.raises(WrongPassphrase):
        decrypt_backup(sealed, "passwort 面试 شركة")


def test_empty_passphrase_is_refused():
    with pytest.raises(ValueError):
        encrypt_backup(b"{}", "", work_factor=FAST)


# ------------------------------------------------------------------ detection


def test_detection_by_header():
    assert is_encrypted(encrypt_backup(b"{}", "pw", work_factor=FAST))
    assert is_encrypted(b"-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n-----END AGE ENCRYPTED FILE-----\n")
    assert not is_encrypted(backup_bytes())
    assert not is_encrypted(b"")
    assert not is_encrypted(b"age-encryption.org/v2\n")


def test_plain_json_given_to_decrypt_is_a_clear_error():
    with pytest.raises(DamagedBackup) as err:
        decrypt_backup(backup_bytes(), "pw")
    assert "damaged" in err.value.message


# ------------------------------------------------------------------ refusals


def test_wrong_passphrase_is_refused_with_a_sentence():
    sealed = encrypt_backup(backup_bytes(), "right one", work_factor=FAST)
    with pytest.raises(WrongPassphrase) as err:
        decrypt_backup(sealed, "wrong one")
    assert isinstance(err.value, EncryptedBackupError)
    msg = err.value.message
    assert "passphrase does not open" in msg and "nothing was changed" in msg
    assert len(msg) < 120  # fits two or three lines on a 360 px screen


def test_truncated_file_is_refused_everywhere():
    plain = backup_bytes(n_entries=1500)  # more than one 64 KiB chunk
    assert len(plain) > CHUNK_SIZE
    sealed = encrypt_backup(plain, "pw", work_factor=FAST)
    header_len = sealed.index(b"\n", sealed.index(b"\n---")+1) + 1
    cuts = [10, header_len - 5, header_len, header_len + 16, header_len + 16 + CHUNK_SIZE + 16,
            len(sealed) - 1, len(sealed) - 17]
    for cut in cuts:
        with pytest.raises(DamagedBackup):
            decrypt_backup(sealed[:cut], "pw")


def test_damaged_bytes_are_refused():
    sealed = bytearray(encrypt_backup(backup_bytes(), "pw", work_factor=FAST))
    header_len = sealed.index(b"\n", sealed.index(b"\n---")+1) + 1
    for pos in (header_len + 3, header_len + 40, len(sealed) - 1):
        bad = bytearray(sealed)
        bad[pos] ^= 0x01
        with pytest.raises(DamagedBackup):
            decrypt_backup(bytes(bad), "pw")


def test_changed_header_is_refused():
    sealed = encrypt_backup(b"{}", "pw", work_factor=FAST)
    # Same key, different (valid) cost: the scrypt key changes, so the wrapped key fails.
    bad = sealed.replace(b" 10\n", b" 11\n", 1)
    with pytest.raises(EncryptedBackupError):
        decrypt_backup(bad, "pw")
    # A second recipient line added: a passphrase file must have exactly one.
    lines = sealed.split(b"\n")
    extra = b"\n".join(lines[:1] + [b"-> X25519 abc", b"ZGVm"] + lines[1:])
    with pytest.raises(DamagedBackup):
        decrypt_backup(extra, "pw")


def test_header_without_a_recipient_is_damaged():
    sealed = encrypt_backup(b"{}", "pw", work_factor=FAST)
    lines = sealed.split(b"\n")
    with pytest.raises(DamagedBackup):
        decrypt_backup(b"\n".join(lines[:1] + lines[3:]), "pw")


def test_extra_bytes_after_the_end_are_refused():
    sealed = encrypt_backup(b"{}", "pw", work_factor=FAST)
    with pytest.raises(DamagedBackup):
        decrypt_backup(sealed + b"\x00", "pw")


def test_key_file_backup_is_unsupported_with_a_sentence():
    data = (b"age-encryption.org/v1\n-> X25519 TEiF0ypqr+bpvcqXNyCVJpL7OuwPdVwPL7KQEbFDOCc\n"
            b"EmECAEcKN+n/Vs9SbWiV+Hu0r+E8R77DdWYyd83nw7U\n--- Vn+54jqiiUCE+WZcEVY3f1sqHjlu/z1LCQ/T7Xm7qI0\n")
    with pytest.raises(UnsupportedBackup) as err:
        decrypt_backup(data, "pw")
    assert "key file" in err.value.message


def test_too_costly_file_is_unsupported():
    sealed = encrypt_backup(b"{}", "pw", work_factor=FAST)
    with pytest.raises(UnsupportedBackup):
        decrypt_backup(sealed.replace(b" 10\n", b" 23\n", 1), "pw")


# ------------------------------------------------------------------ the outside tool


def _need_age():
    if AGE is None:
        pytest.fail("the age tool is missing; CI installs it with .ci/run (Debian package 'age')")


@needs_age
def test_age_tool_decrypts_our_file(tmp_path):
    _need_age()
    plain = backup_bytes()
    enc = tmp_path / "interviewpal-backup.json.age"
    out = tmp_path / "out.json"
    # The default cost (18), as the app writes it, so this is the real file.
    sealed = encrypt_backup(plain, "correct horse 面试")
    assert sealed.split(b"\n")[1].endswith(b" 18")  # the age tool's own default cost
    enc.write_bytes(sealed)
    run_with_passphrase(["-d", "-o", str(out), str(enc)], "correct horse 面试")
    assert json.loads(out.read_bytes()) == json.loads(plain)
    assert out.read_bytes() == plain


@needs_age
def test_age_tool_refuses_our_file_with_a_wrong_passphrase(tmp_path):
    _need_age()
    enc = tmp_path / "b.age"
    enc.write_bytes(encrypt_backup(backup_bytes(), "right", work_factor=FAST))
    with pytest.raises(Exception, match="age exited"):
        run_with_passphrase(["-d", "-o", str(tmp_path / "out.json"), str(enc)], "wrong")


@needs_age
@pytest.mark.parametrize("armor", [False, True], ids=["binary", "armored"])
def test_we_decrypt_a_file_the_age_tool_made(tmp_path, armor):
    _need_age()
    plain = backup_bytes(n_entries=1500)  # several chunks
    src = tmp_path / "backup.json"
    src.write_bytes(plain)
    enc = tmp_path / "backup.json.age"
    run_with_passphrase(["-p", *(["-a"] if armor else []), "-o", str(enc), str(src)], "shared secret", prompts=2)
    data = enc.read_bytes()
    assert is_encrypted(data)
    assert decrypt_backup(data, "shared secret") == plain
