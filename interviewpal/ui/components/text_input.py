"""The app's text field: a re-render never sends the user's own typing back over newer typing.

Why: a form's fields are controlled, ``TextField(value=state)``, and ``on_change`` stores what
was typed in that state. Flet 1.0 applies the client's new text to the field at once, but runs
``on_change`` later, in its own task; a re-render that runs in between (another field's change,
a busy phone) still holds the state from before the keystroke, and Flet sends that older text to
the client: what the user typed since vanishes. A loaded test run lost three digits of a PIN
this way (``tests/e2e/test_app_lock.py``).

``TextInput`` is a ``TextField`` that, when a re-render takes over from the previous one, keeps
the text the client last reported unless the app itself set a new value:

- the value asked for is one the user typed (heard in a change event since the last render), or,
  with no change heard, the one asked for last time: an echo of typing; the client's newest
  text stays;
- any other value was set by the app (a reset after saving, "Fill in from the text"): it is sent.

A field rendered without ``value`` is left to the user entirely.
"""

from __future__ import annotations

from typing import Any

import flet as ft


@ft.control("TextField")
class TextInput(ft.TextField):
    """A ``TextField`` for controlled forms; use it as one."""

    def init(self) -> None:
        super().init()
        object.__setattr__(self, "_rendered", self.value)  # what the app asked for in this render
        object.__setattr__(self, "_heard", [])  # texts the client reported to this instance

    def before_event(self, e: ft.ControlEvent) -> Any:
        if e.name == "change":
            self._heard.append(self.value)
            if isinstance(e.data, str):
                self._heard.append(e.data)
        return super().before_event(e)

    def _migrate_state(self, other: ft.BaseControl) -> None:
        super()._migrate_state(other)
        if not isinstance(other, TextInput):
            return
        asked, heard = self.value, other._heard
        if asked is None or asked in heard or (not heard and asked == other._rendered):
            self.value = other.value  # the user's newest text, as the client holds it
