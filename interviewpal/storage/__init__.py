"""Storage: crash-safe TinyDB files in the data folder and the repositories over them.

Only the services use this package; the UI never does.
"""

from .snapshots import BackupInfo, Backups
from .database import TABLES, Database, DataFolderError, OpenReport
from .jsonfile import AtomicJSONStorage, CorruptFileError
from .paths import data_dir
from .repositories import NewerRecordError, NotFound, Repositories, Repository

__all__ = [
    "BackupInfo", "Backups", "TABLES", "Database", "DataFolderError", "OpenReport", "AtomicJSONStorage",
    "CorruptFileError", "data_dir", "NewerRecordError", "NotFound", "Repositories", "Repository",
]
