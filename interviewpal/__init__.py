"""InterviewPal: an offline-first companion for job interviews.

Layers (dependencies run one way, top to bottom):

- ``interviewpal.ui``        Flet components and screens (the only place Flet is imported)
- ``interviewpal.services``  timeline, journal, reminder plan, export, ... (plain Python)
- ``interviewpal.storage``   crash-safe TinyDB files and the repositories over them
- ``interviewpal.models`` / ``interviewpal.content``   pydantic models and the stage guides
"""

__version__ = "0.1.0"
