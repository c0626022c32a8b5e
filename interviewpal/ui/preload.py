"""Import Flet's control classes in the background, once the first screen is on its way.

Flet 1.0 imports each control class on first use (``flet/__init__.py`` keeps a lazy table).
Left alone, the first tap that needs a class not seen before pays for its import: the first
"Quick tips" in a process waited ~200 ms for ``ft.Checkbox`` and the modules it pulls in.
Importing them up front would lengthen the start instead, so a daemon thread imports them
after the first render, while the user reads Up next (~0.6 s of imports on this machine).
"""

from __future__ import annotations

import logging
import threading

log = logging.getLogger(__name__)

# Every ``ft.<Name>`` the UI uses (tests/test_preload.py keeps this list complete).
CONTROLS = (
    "AlertDialog", "Alignment", "AppBar", "AppLifecycleState", "AppLifecycleStateChangeEvent",
    "BaseControl", "Border", "BorderRadius", "BorderSide", "ButtonStyle", "Card", "Checkbox",
    "CircleAvatar", "Clipboard", "Colors", "Column", "Container", "Control", "ControlEvent",
    "CrossAxisAlignment", "DatePicker", "Divider", "Dropdown", "DropdownOption", "Duration",
    "FilePicker", "FilePickerFileType", "FilePickerResultEvent", "FilledButton",
    "FilledTonalButton", "FloatingActionButton", "FontWeight", "Icon", "IconButton", "IconData",
    "Icons", "KeyboardEvent", "KeyboardType", "ListTile", "MainAxisAlignment", "Margin",
    "NavigationBar", "NavigationBarDestination", "NavigationRail", "NavigationRailDestination",
    "NavigationRailLabelType", "OutlinedButton", "Padding", "Page", "PageTransitionTheme",
    "PageTransitionsTheme", "PickFiles", "PopupMenuButton", "PopupMenuItem", "ProgressRing",
    "Radio", "RadioGroup", "Ref", "RoundedRectangleBorder", "RouteChangeEvent", "Row",
    "SafeArea", "ScrollMode", "Semantics", "SnackBar", "Switch", "Text", "TextAlign",
    "TextButton", "TextDecoration", "TextField", "TextOverflow", "TextSpan", "TextStyle",
    "TextThemeStyle", "Theme", "ThemeMode", "TimePicker", "UrlLauncher", "VerticalDivider",
    "View", "ViewPopEvent"
)

_started: list[threading.Thread] = []


def _import_all() -> None:
    import flet as ft

    for name in CONTROLS:
        try:
            getattr(ft, name)
        except Exception:  # noqa: BLE001 - a name a later Flet moved: it is imported on use instead
            log.debug("could not preload ft.%s", name)


def preload_in_background() -> threading.Thread:
    """Start the import thread (once per process); returns it."""
    if not _started:
        worker = threading.Thread(target=_import_all, name="preload-controls", daemon=True)
        worker.start()
        _started.append(worker)
    return _started[0]
