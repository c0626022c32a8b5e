"""Drive the app in headless Chromium by role and label, the way a screen reader sees it."""

from __future__ import annotations

import os
import re
import time
import shutil
import weakref
from pathlib import Path
from urllib.parse import urlparse

import msgpack

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

PHONE = {"width": 412, "height": 800}
DESKTOP = {"width": 1280, "height": 800}

# The Flet 1.0.5 web client itself asks this CDN for Rive's wasm at start, even with
# no_cdn=True (see shared notes). It is aborted like every other non-local request,
# but it is not counted as the app's doing.
KNOWN_CLIENT_REQUESTS = ("@rive-app/flutter-native-wasm",)

ARTIFACTS = Path(os.environ.get("INTERVIEWPAL_ARTIFACTS", Path(__file__).resolve().parents[2] / "test-artifacts"))


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def is_local(url: str) -> bool:
    host = urlparse(url).hostname or ""
    return url.startswith(("data:", "blob:", "about:")) or host in ("127.0.0.1", "localhost", "::1")


class Session:
    """One browser page on the app, with the non-local request guard installed."""

    def __init__(self, browser, url: str, viewport: dict):
        self.url = url
        self.context = browser.new_context(viewport=viewport, accept_downloads=True)
        self.page = self.context.new_page()
        sent = _SENT[self.page] = []
        self.page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
        self.foreign: list[str] = []
        self.context.route("**/*", self._guard)

    def _guard(self, route):
        url = route.request.url
        if is_local(url):
            route.continue_()
            return
        if not any(k in url for k in KNOWN_CLIENT_REQUESTS):
            self.foreign.append(url)
        route.abort()

    def open(self, path: str = "/", timeout: float = 45_000):
        self.page.goto(self.url + path)
        turn_semantics_on(self.page, timeout)
        return self.page

    def reload(self, timeout: float = 45_000):
        """Reload the page, as a user pulling to refresh: a new Flutter client, semantics on again."""
        self.page.reload()
        turn_semantics_on(self.page, timeout)
        return self.page

    def go(self, path: str):
        """Move to ``path`` inside the running app, as the browser's back and forward buttons do.

        No page load: the app's router follows the URL (a full ``open`` costs a Flutter start).
        """
        # A recording session's list of opened URLs starts afresh, as after a page load.
        self.page.evaluate("p => { if (window.__opened) window.__opened.length = 0; history.pushState(null, '', p);"
                           " dispatchEvent(new PopStateEvent('popstate', {state: null})); }", path)
        return self.page

    def resize(self, viewport: dict):
        """Change the window size in place, as a user turning a tablet or resizing a desktop window."""
        self.page.set_viewport_size(viewport)
        size = [viewport["width"], viewport["height"]]
        wait_until(self.page, lambda: self.page.evaluate("[innerWidth, innerHeight]") == size)
        next_frames(self.page, 3)  # the app has laid itself out for the new size
        return self.page

    def shot(self, name: str, timeout_ms: int = 6000) -> Path:
        """Screenshot into test-artifacts/, once the app has painted (not the startup spinner)."""
        import io

        from PIL import Image

        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        deadline = time.monotonic() + timeout_ms / 1000
        while True:
            next_frames(self.page, 3)  # the frame of the last semantics update has been drawn
            data = self.page.screenshot()
            colours = Image.open(io.BytesIO(data)).convert("RGB").resize((64, 64)).getcolors(4096) or []
            if len(colours) > 40 or time.monotonic() >= deadline:
                break
        path.write_bytes(data)
        return path

    def close(self):
        self.context.close()


# Records the URLs the app hands to the system (tel:, sms:, mailto:, maps) instead of opening them.
RECORD_OPEN = """
window.__opened = [];
window.open = (url, ...rest) => { window.__opened.push(String(url)); return null; };
"""


def recording_session(browser, url: str, viewport: dict) -> Session:
    """A session whose page records every URL the app asks the browser to open (see ``opened``)."""
    s = Session(browser, url, viewport)
    s.context.add_init_script(RECORD_OPEN)
    return s


def opened(page, timeout_ms: int = 10_000) -> str:
    """The last URL the app asked to open in a ``recording_session``, once there is one."""
    page.wait_for_function("() => window.__opened.length > 0", timeout=timeout_ms)
    return page.evaluate("() => window.__opened[window.__opened.length - 1]")


def click_once_settled(page, role: str, name: str, timeout_ms: int = 10_000):
    """Click the one control with this role and name once a screen transition has finished.

    While a view slides in or out, Flutter keeps both views' semantics for a moment.
    """
    loc = page.get_by_role(role, name=name, exact=True)
    waited = 0
    while loc.count() != 1 and waited < timeout_ms:
        page.wait_for_timeout(100)
        waited += 100
    loc.click()


def see(page, text, timeout_ms: float = 30_000):
    """Wait until ``text`` (a string or regex) is on screen, as text or in an accessible label.

    Flutter merges the texts of a card or a text field's error into one label.
    """
    loc = page.get_by_text(text).or_(page.get_by_label(text))
    if not appear(loc.first, timeout_ms):
        keep_failure(page, f"see {text!r}")
        raise AssertionError(f"did not see {text!r} within {timeout_ms / 1000:g} s")
    return loc.first


def appear(loc, timeout_ms: float = 30_000) -> bool:
    """Wait until ``loc`` is visible (True), or ``timeout_ms`` passed (False).

    Checks every 50 ms. Playwright's own ``wait_for`` checks at 0, 20, 70, 170 and 270 ms,
    then only every 500 ms: a screen that takes 300 ms to come up cost the test 770 ms, and
    hundreds of such waits made up minutes of the suite.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        try:
            if loc.is_visible():
                return True
        except Exception:  # noqa: BLE001 - the element may be re-created by Flutter meanwhile
            pass
        if time.monotonic() >= deadline:
            return False
        loc.page.wait_for_timeout(50)


def keep_failure(page, what: str) -> None:
    """Keep what the page showed when a wait failed: test-artifacts/failures/<test>.png and .txt.

    A test that fails only on a loaded machine is then explained by its picture and the texts
    of its accessibility tree, not guessed at.
    """
    test = os.environ.get("PYTEST_CURRENT_TEST", "unknown").split(" ")[0]
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", test)[-150:]
    folder = ARTIFACTS / "failures"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{name}.png"), timeout=5_000)
        texts = page.evaluate("() => Array.from(document.querySelectorAll('flt-semantics'))"
                              ".map(e => e.getAttribute('aria-label') || (e.querySelector('flt-semantics') ? '' : e.textContent))"
                              ".filter(Boolean)")
        (folder / f"{name}.txt").write_text(f"{what}\n{page.url}\n\n" + "\n".join(texts), encoding="utf-8")
    except Exception:  # noqa: BLE001 - a closed page: the failure itself is what matters
        pass


def wait_until(page, condition, timeout_ms: float = 5_000, poll_ms: float = 50) -> bool:
    """Poll ``condition()`` until it is true (True) or ``timeout_ms`` passed (False).

    For states Playwright has no wait for (a Flutter field taking focus, a value arriving
    in the DOM input, a scroll landing): the test goes on as soon as the state is there,
    however slow a loaded machine is, and never waits longer than needed.
    """
    waited = 0.0
    while True:
        try:
            if condition():
                return True
        except Exception:  # noqa: BLE001 - the element may be re-created by Flutter meanwhile
            pass
        if waited >= timeout_ms:
            return False
        page.wait_for_timeout(poll_ms)
        waited += poll_ms


def next_frames(page, n: int = 2) -> None:
    """Wait until the browser has rendered ``n`` more frames (a scroll or tap has been drawn)."""
    page.evaluate("n => new Promise(done => { const step = k => k ? requestAnimationFrame(() => step(k - 1)) : done(); step(n); })", n)


def turn_semantics_on(page, timeout: float = 45_000) -> None:
    """Switch on the page's accessibility tree, which the tests read and click through."""
    page.wait_for_selector("flt-semantics-placeholder", state="attached", timeout=timeout)
    page.evaluate("document.querySelector('flt-semantics-placeholder').click()")


def _focused(box) -> bool:
    return box.evaluate("el => el === document.activeElement || el.contains(document.activeElement)")


# Per page, every WebSocket frame the Flet client sent to the app (Session installs the recorder).
_SENT: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _app_was_told(page, text: str, since: int) -> bool:
    """A frame sent to the app after the first ``since`` sets a field's value to ``text``.

    Looks for the encoded ``{"value": text}`` of the client's property update, so a key event
    ("4") does not pass for a field's new value.
    """
    sent = _SENT.get(page)
    if sent is None:
        return True  # a page made without Session: only the DOM check applies
    if not text:
        return True  # an emptied field: its frames were sent while clearing it
    update = msgpack.packb("value") + msgpack.packb(text)
    return any(update in (f if isinstance(f, bytes) else f.encode()) for f in sent[since:])


def type_into(page, label: str, text: str, replace: bool = True):
    """Focus the text field named ``label`` and type ``text`` as a user would (replacing what is there).

    Done when the focused input holds the text and the client has sent it to the app. Flutter
    takes a focused field's text from the DOM input only once its text editing is on for that
    field, a few frames after the focus on a loaded machine: keystrokes typed before that stay in
    the DOM input and never reach the app (a loaded run lost a whole "Repeat it" PIN this way).
    Types again if not; fails after three tries, so a test never goes on with a field left empty.
    """
    # While a field is empty and focused, Flutter adds its hint to the accessible name ("Start time HH:MM").
    box = page.get_by_role("textbox", name=re.compile("^" + re.escape(label) + r"(\b|\s|$)")).first
    for _attempt in range(3):
        box.click()
        # Flutter fills the DOM input once the field has focus. A click can land on another field
        # while the view still scrolls (its semantics move a frame later): never type there.
        if not wait_until(page, lambda: _focused(box) or _flutter_editing_holds_focus(page)):
            reveal(page, box)
            continue
        next_frames(page, 3)  # let Flutter switch its text editing on for this field
        # The focused input: the field's own semantics node, or, when Flutter focused the field
        # itself (autofocus) before the test turned the page's semantics on, Flutter's hidden text
        # input, which then serves the field for good (a click on the field's node leaves the focus
        # there). Keys typed into it reach the app as a user's would.
        via_flutter = not _focused(box)

        def value() -> str:
            return page.evaluate("() => document.activeElement.value || ''") if via_flutter else box.input_value()
        before = ""
        if replace:
            page.keyboard.press("End")
            for _ in range(200):
                if not value():
                    break
                page.keyboard.press("Backspace")
        else:
            before = value()
        since = len(_SENT.get(page, ()))
        page.keyboard.type(text)
        if wait_until(page, lambda: value() == before + text and _app_was_told(page, before + text, since),
                      timeout_ms=3_000):
            return box
    held = box.input_value()
    keep_failure(page, f"type {text!r} into {label!r} (focused: {_focused(box)}, holds {held!r})")
    raise AssertionError(f"could not type {text!r} into the field {label!r}: it holds {held!r}")


def _flutter_editing_holds_focus(page) -> bool:
    """Flutter's own hidden text input, not a field's semantics node, has the keyboard focus."""
    return page.evaluate("() => !!document.activeElement && document.activeElement.matches('input.flt-text-editing,"
                         " textarea.flt-text-editing') && !document.activeElement.closest('flt-semantics')")


def reveal(page, loc):
    """Scroll the page (mouse wheel, as a user would) until ``loc`` is on screen.

    Flutter keeps off-screen controls in the semantics tree with their laid-out
    positions; a click there would land on whatever is drawn at that spot.
    """
    vw, vh = page.viewport_size["width"], page.viewport_size["height"]
    if not appear(loc):
        loc.wait_for(timeout=1)  # fails with Playwright's description of the locator

    def on_screen(bb) -> bool:
        return bool(bb) and 64 <= bb["y"] and bb["y"] + bb["height"] <= vh - 100

    for _ in range(12):
        bb = loc.bounding_box()
        if on_screen(bb):
            break
        page.mouse.move(vw / 2, vh / 2)
        page.mouse.wheel(0, (bb["y"] if bb else 0) - vh / 3)
        # The scroll has landed when the control moved. When it did not move, the view cannot
        # scroll further (the control sits at the end of the page): it is as far up as it gets.
        if not wait_until(page, lambda: loc.bounding_box() != bb, timeout_ms=2_000):
            break
    return loc


def press(page, name, role: str = "button"):
    loc = reveal(page, page.get_by_role(role, name=name).first)
    loc.click()
    return loc
