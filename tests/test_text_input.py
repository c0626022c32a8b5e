"""ui/components/text_input.py: a re-render never sends older text over what the user typed.

Each test plays one order of events as Flet runs them: the client's text is applied to the field
at once (``Session.apply_patch``), its change event runs later in its own task, and a re-render
may come in between. The re-render is diffed against the field the client patched, exactly as
Flet's reconciliation does, and the test checks what would be sent to the client.
"""

from __future__ import annotations

import flet as ft
from flet.controls.base_control import BaseControl
from flet.controls.object_patch import ObjectPatch
from flet.utils.object_model import patch_dataclass

from interviewpal.ui.components.text_input import TextInput

_ids = iter(range(1000, 10**6))


def _shown(value, **kw) -> TextInput:
    """A field as rendered and mounted: it has an id on the client."""
    field = TextInput(label="New PIN", value=value, **kw)
    field._i = next(_ids)
    return field


def _client_sets(field, text: str) -> None:
    """The client reports a keystroke: the text lands on the field at once."""
    patch_dataclass(field, {"value": text})


def _change_event_runs(field) -> None:
    """The keystroke's change event, later, in its own task (the form stores the text)."""
    field.before_event(ft.ControlEvent(control=field, name="change", data=field.value))


def _rerender(old, value) -> tuple[TextInput, list]:
    """A re-render asks for ``value``; returns the new field and the value operations sent."""
    new = TextInput(label="New PIN", value=value)
    patch, _added, _removed = ObjectPatch.from_diff(old, new, control_cls=BaseControl, frozen=True)
    sent = [op for op in patch.to_message()[1:] if "value" in op]
    return new, sent


def test_a_render_from_before_the_keystroke_does_not_send_the_older_text():
    field = _shown("48")
    _client_sets(field, "482")  # typed; its change event has not run yet
    new, sent = _rerender(field, "48")  # another field's change re-renders the form
    assert sent == []
    assert new.value == "482"


def test_plain_textfield_would_send_it_back():
    """Why TextInput exists: Flet's own TextField sends the stale value (the lost PIN digits)."""
    old = ft.TextField(label="New PIN", value="48")
    old._i = next(_ids)
    patch_dataclass(old, {"value": "482"})
    new = ft.TextField(label="New PIN", value="48")
    patch, *_ = ObjectPatch.from_diff(old, new, control_cls=BaseControl, frozen=True)
    assert [op for op in patch.to_message()[1:] if "value" in op]


def test_the_echo_of_an_earlier_keystroke_keeps_the_newer_text():
    field = _shown("")
    _client_sets(field, "4")
    _change_event_runs(field)  # the form stores "4" and asks for a re-render
    _client_sets(field, "48")  # the next keystroke lands before that re-render
    new, sent = _rerender(field, "4")
    assert sent == [] and new.value == "48"
    _change_event_runs(new)
    newer, sent = _rerender(new, "48")
    assert sent == [] and newer.value == "48"


def test_many_renders_and_keystrokes_interleaved_end_with_all_that_was_typed():
    field, stored = _shown(""), ""
    for text in ("4", "48", "482", "4826"):
        _client_sets(field, text)
        field, sent = _rerender(field, stored)  # the render still holds the text before this keystroke
        assert sent == []
        _change_event_runs(field)
        stored = field.value
    field, sent = _rerender(field, stored)
    assert sent == [] and field.value == stored == "4826"


def test_a_value_the_app_sets_reaches_the_client():
    field = _shown("")
    new, sent = _rerender(field, "https://meet.example/abc")  # "Fill in from the text"
    assert len(sent) == 1 and new.value == "https://meet.example/abc"


def test_a_reset_right_after_typing_clears_the_field():
    """Enter saves and clears the field before any re-render: the clear is not mistaken for an echo."""
    field = _shown("")
    _client_sets(field, "x")
    _change_event_runs(field)  # stored "x"; the save handler then resets the form to ""
    new, sent = _rerender(field, "")
    assert len(sent) == 1 and new.value == ""


def test_a_reset_after_a_render_clears_the_field():
    field = _shown("")
    _client_sets(field, "abc")
    _change_event_runs(field)
    field, _ = _rerender(field, "abc")
    new, sent = _rerender(field, "")
    assert len(sent) == 1 and new.value == ""


def test_a_field_rendered_without_a_value_is_left_to_the_user():
    field = _shown(None)
    _client_sets(field, "typed")
    _change_event_runs(field)
    new, sent = _rerender(field, None)
    assert sent == [] and new.value == "typed"
