"""ui/hooks/live_state.py: handlers read the latest typed value, and quick edits of two fields both stay."""

from __future__ import annotations

from types import SimpleNamespace

import flet as ft

from interviewpal.ui.hooks import live_state


def _fake_hooks(monkeypatch):
    """One component's hooks, rendered once: setters store values but nothing re-renders."""
    state: dict = {}
    refs: dict = {}

    def use_state(initial):
        key = len(state)
        state.setdefault(key, initial() if callable(initial) else initial)

        def set_state(value):
            state[key] = value(state[key]) if callable(value) else value

        return state[key], set_state

    def use_ref(initial):
        return refs.setdefault(len(refs), SimpleNamespace(current=initial))

    monkeypatch.setattr(ft, "use_state", use_state)
    monkeypatch.setattr(ft, "use_ref", use_ref)
    return state


def test_a_handler_from_an_old_render_reads_the_last_keystroke(monkeypatch):
    state = _fake_hooks(monkeypatch)
    code, set_code, typed = live_state.use_live_state("")
    submit = lambda: typed()  # noqa: E731 - the Enter handler of this (first) render
    for partial in ("4", "48", "482", "4826"):
        set_code(partial)  # change events; no re-render came in between
    assert code == ""  # the render's own value is the old one...
    assert submit() == "4826"  # ...but the handler reads what was typed
    assert state[0] == "4826"  # and the next render shows it


def test_two_quick_edits_of_different_fields_both_stay(monkeypatch):
    state = _fake_hooks(monkeypatch)
    values, set_values, latest = live_state.use_live_state(lambda: {"company": "", "role": ""})
    set_values(lambda cur: cur | {"company": "eBay"})
    set_values(lambda cur: cur | {"role": "Engineer"})  # before the re-render after the first edit
    assert latest() == {"company": "eBay", "role": "Engineer"}
    assert state[0] == {"company": "eBay", "role": "Engineer"}
    assert values == {"company": "", "role": ""}
