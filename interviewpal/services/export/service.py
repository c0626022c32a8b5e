"""ExportService: exports and imports as the screens call them (through AppServices)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Callable

from ...storage import Repositories
from .importer import BackupPreview, ImportResult, Mode, import_backup, read_backup

if TYPE_CHECKING:
    from ...content import ContentPack


class ExportService:
    """Build an export file, read a backup file, import a read backup."""

    def __init__(self, repos: Repositories, content: "ContentPack", clock: Callable[[], datetime]):
        self.repos = repos
        self.content = content
        self.clock = clock

    def export(self, kind, include_past: bool = False):
        """One export (``backup``, ``journal``, ``csv`` or ``ics``) as an ExportResult;
        ``include_past``: the calendar holds past rounds too."""
        from . import export_file

        return export_file(kind, self.repos, self.clock(), self.content, include_past=include_past)

    def export_protected(self, passphrase: str):
        """The full backup encrypted with ``passphrase`` (age format, docs/encrypted-backups.md).

        Slow by design (scrypt): call it from a worker thread.
        """
        from dataclasses import replace

        from .encrypted import MIME_TYPE, FILE_EXTENSION, encrypt_backup

        plain = self.export("backup")
        data = encrypt_backup(plain.data, passphrase)
        name = f"{plain.file_name}.{FILE_EXTENSION}"
        return replace(plain, data=data, file_name=name, mime_type=MIME_TYPE,
                       message=plain.message.replace(plain.file_name, name) + " It is protected with your passphrase.")

    @staticmethod
    def is_protected(data: bytes) -> bool:
        """True when ``data`` is a passphrase-protected (age) backup: ask for the passphrase."""
        from .encrypted import is_encrypted

        return is_encrypted(data)

    @staticmethod
    def read_protected(data: bytes, passphrase: str) -> BackupPreview:
        """Decrypt, then check the backup. Raises EncryptedBackupError (wrong passphrase,
        damaged file; ``.message`` for the user) or BackupFileError. Changes nothing."""
        from .encrypted import decrypt_backup

        return read_backup(decrypt_backup(data, passphrase))

    @staticmethod
    def read(data: bytes) -> BackupPreview:
        """Check a backup file (raises BackupFileError with a sentence for the user)."""
        return read_backup(data)

    def import_backup(self, preview: BackupPreview, mode: Mode = "merge", include_invalid: bool = False) -> ImportResult:
        return import_backup(self.repos, preview, mode=mode, include_invalid=include_invalid, now=self.clock())
