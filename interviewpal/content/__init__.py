"""The stage guides: tips, checklists, questions and prompts, read from ``content/``.

Plain Python (no Flet). The app calls :func:`default_content`; tests and tools
call :func:`load_content` with another folder.
"""

from .loader import CONTENT_DIR, ContentError, default_content, load_content
from .schema import ContentPack, GeneralGuide, OutlineStep, StageGuide

__all__ = [
    "CONTENT_DIR", "ContentError", "default_content", "load_content",
    "ContentPack", "GeneralGuide", "OutlineStep", "StageGuide",
]
