"""The stage guides: tips, checklists, questions and prompts, read from ``content/``.

Plain Python (no Flet). The app calls :func:`default_content`; tests and tools
call :func:`load_content` with another folder.
"""

from .loader import (
    CONTENT_DIR, CONTENT_DIR_ENV, CONTENT_ROOT, ContentError, OpenedContent, default_content, load_content,
    open_content,
)
from .schema import CheckItem, ContentPack, GeneralGuide, OutlineStep, ResearchPrompt, StageGuide

__all__ = [
    "CONTENT_DIR", "CONTENT_DIR_ENV", "CONTENT_ROOT", "ContentError", "OpenedContent", "default_content",
    "load_content", "open_content", "CheckItem", "ContentPack", "GeneralGuide", "OutlineStep", "StageGuide",
    "ResearchPrompt",
]
