"""ui/hooks/live_state.py: handlers read the latest typed value, and quick edits of two fields both stay."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from types import SimpleNamespace

import flet as ft

from interviewpal.ui.hooks import live_state


def _fake_hooks(monkeypatch, seed: dict | None = None):
    """One component's hooks, rendered once: setters store values but nothing re-renders.

    ``seed``: the n-th ``use_state`` of the component starts from this value instead (e.g. a
    section that is open).
    """
    state: dict = {}
    refs: dict = {}

    def use_state(initial):
        key = len(state)
        if seed and key in seed:
            initial = seed[key]
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


# -- The components whose handlers read typed text (run 3 of the loaded suite lost a pasted link's
# last character: "Fill in from the text" ran the handler of the render before the last keystroke).
# Each is rendered once; its change events then arrive, and the button or Enter of that same render
# must see every keystroke.

def _render(monkeypatch, component, *args, context=None, seed=None, **kwargs):
    _fake_hooks(monkeypatch, seed)
    monkeypatch.setattr(ft, "use_context", lambda _ctx: context)
    monkeypatch.setattr(ft, "use_effect", lambda *a, **k: None)
    return component.__component_impl__(*args, **kwargs)


def _walk(control):
    yield control
    for name in ("content", "controls", "actions", "title"):
        child = getattr(control, name, None)
        for c in child if isinstance(child, list) else [child]:
            if isinstance(c, ft.Control):
                yield from _walk(c)


def _find(tree, kind, text):
    for c in (x for root in (tree if isinstance(tree, list) else [tree]) for x in _walk(root)):
        if isinstance(c, kind) and text in (getattr(c, "label", None) or getattr(c, "content", None) or ""):
            return c
    raise AssertionError(f"no {kind.__name__} {text!r}")


def _typed(field, *values):
    """Change events, one per keystroke, with no re-render in between (a busy phone)."""
    for v in values:
        field.on_change(SimpleNamespace(control=SimpleNamespace(value=v)))


def test_paste_the_invitation_reads_the_last_character_typed(monkeypatch):
    from interviewpal.ui.components.paste_invitation import PasteInvitation

    filled = []
    text = ("Time: Tuesday, 3 March 2026 14:00-15:30 (GMT+01:00) Amsterdam, Berlin, Rome "
            "Join Zoom Meeting https://us02web.zoom.us/j/81234567890?pwd=abc")
    tree = _render(monkeypatch, PasteInvitation, filled.append, datetime(2026, 2, 1, tzinfo=timezone.utc),
                   seed={0: True})  # the paste box is open
    _typed(_find(tree, ft.TextField, "Invitation text"), text[:-1], text)
    _find(tree, ft.FilledTonalButton, "Fill in from the text").on_click()
    assert filled and filled[0]["meeting_url"] == "https://us02web.zoom.us/j/81234567890?pwd=abc"


def test_quiet_hours_enter_saves_both_times_as_typed(monkeypatch):
    from interviewpal.models import Settings
    from interviewpal.ui.screens import settings as screen

    saved = []
    svc = SimpleNamespace(settings=SimpleNamespace(get=Settings, set_quiet_hours=lambda a, b: saved.append((a, b))),
                          notifier=None, reminder_problem=lambda: None, backup_problem=lambda: None)
    app = SimpleNamespace(services=svc, changed=lambda: None, notify=lambda m: None)
    for part in ("AppLockSection", "DataSection", "TimeZoneSetting"):
        monkeypatch.setattr(screen, part, lambda *a, **k: ft.Text("elsewhere"))
    tree = _render(monkeypatch, screen.SettingsScreen, context=app)
    start, end = _find(tree, ft.TextField, "Quiet from"), _find(tree, ft.TextField, "Quiet until")
    assert (start.value, end.value) == ("22:00", "07:00")  # the defaults
    _typed(start, "23:3", "23:30")
    _typed(end, "06:4", "06:45")  # no re-render since "Quiet from": it must stay
    end.on_submit(None)
    assert saved == [("23:30", "06:45")]


def test_protected_backup_is_encrypted_with_the_passphrase_as_typed(monkeypatch):
    from interviewpal.ui.screens.your_data import exports

    used = []

    class Work:
        disabled = False

        async def guarded(self, fn):
            await fn()

        async def run(self, _what, fn):
            return fn()

        def set_busy(self, _message):
            pass

        def done(self, message, error=False):
            used.append(("done", message, error))

    class Picker:
        async def save_file(self, **_kw):
            return None

    def protect(secret):
        used.append(secret)
        return SimpleNamespace(file_name="backup.json.age", data=b"x", message="Saved backup.json.age")

    monkeypatch.setattr(ft, "context", SimpleNamespace(page=SimpleNamespace(web=True)))
    tree = _render(monkeypatch, exports.ExportButtons, Work(), Picker(),
                   context=SimpleNamespace(services=SimpleNamespace(export_protected_backup=protect)),
                   seed={1: True})  # "Protect with a passphrase" is on
    _typed(_find(tree, ft.TextField, "Backup passphrase"), "correct horse battery", "correct horse battery!")
    again = _find(tree, ft.TextField, "Repeat the passphrase")
    _typed(again, "correct horse battery", "correct horse battery!")
    asyncio.run(again.on_submit())  # Enter right after the last keystroke
    assert used[0] == "correct horse battery!", used
    assert used[1] == ("done", "Saved backup.json.age", False)


def test_zone_picker_enter_picks_a_match_for_what_the_field_holds(monkeypatch):
    from interviewpal.ui.components.zone_picker import ZonePicker

    picked = []
    tree = _render(monkeypatch, ZonePicker, "Londo", lambda _text: None, on_pick=picked.append,
                   seed={0: True})  # the user is typing: suggestions for "Londo" are showing
    field = _find(tree, ft.TextField, "Time zone")
    field.on_submit(SimpleNamespace(control=SimpleNamespace(value="New York")))  # typed on, then Enter
    assert picked == ["America/New_York"]
