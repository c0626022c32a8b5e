"""The root component: views from the navigation stack, navigation bar or rail, theme, keys."""

from __future__ import annotations

import logging

import flet as ft
from flet.components.utils import current_component

from ..services.app_services import AppServices, StartError, open_services
from .app_handle import AppHandle
from .components.common import back_bar
from .components.reminder_banner import ReminderBanners
from .contexts import AppContext
from .lock_session import NOT_INTERACTION, HIDDEN_STATES, LockContext, LockSession, idle_watch, observe_activity
from .preload import preload_in_background
from .routes import resolve
from .screens.lock_screen import CoverView, LockView
from .screens.start_error import StartErrorScreen
from .state import THEME_MODES, AppModel
from .tabs import DESTINATIONS

log = logging.getLogger(__name__)


@ft.component
def Messages(app: AppModel):
    """Shows app.notify() messages as a snack bar, with Undo when offered."""

    def show():
        # Each message once: a view mounting later (another tab, a new screen) must not repeat it.
        if not app.message or app.shown_message_id.get("id") == app.message_id:
            return
        app.shown_message_id["id"] = app.message_id
        undo = app.message_undo

        def do_undo(e):
            if undo:
                undo()
                app.notify("Undone.")

        ft.context.page.show_dialog(ft.SnackBar(
            content=ft.Text(app.message),
            action="Undo" if undo else None,
            on_action=do_undo if undo else None,
            duration=ft.Duration(seconds=6 if undo else 3),
        ))

    ft.use_effect(show, [app.message_id])
    return ft.Container(visible=False)


@ft.memo
@ft.component
def ScreenBody(route: str, revision: int, width: float, banner_ids: tuple):
    """A route's screen. Memoised: re-rendered only when one of its arguments changes (the data,
    the window width, the reminder banners) or by its own state, never because another screen
    was pushed on top of it or popped: a tap on "Quick tips" builds and sends the card only.

    It provides AppContext again: a memoised body keeps its components, whose context lookup
    (Flet's use_context) walks weak references to the component that rendered them, and after a
    skipped render that one is gone. Provided here, each screen component holds the context itself.
    """
    app = ft.use_context(AppContext)
    return AppContext(app, lambda: resolve(app, route).build())


def _view(app: AppModel, route: str, root: bool) -> ft.View:
    screen = resolve(app, route)
    body = ScreenBody(route, app.revision, app.width, tuple(b.id for b in app.banners))
    banners = ReminderBanners(app)
    fab = None
    if screen.fab:
        label, target = screen.fab
        fab = ft.FloatingActionButton(icon=ft.Icon(ft.Icons.ADD, semantics_label=label), tooltip=label, on_click=lambda: app.go(target))
    if not root:
        return ft.View(route=route, appbar=back_bar(screen.title, app.back), controls=[banners, body], padding=0,
                       floating_action_button=fab, spacing=0)
    title = ft.AppBar(title=ft.Text(screen.title), center_title=False)
    if app.wide:
        rail = ft.NavigationRail(
            selected_index=app.tab, label_type=ft.NavigationRailLabelType.ALL, min_width=96,
            destinations=[ft.NavigationRailDestination(icon=i, selected_icon=s, label=l) for l, i, s in DESTINATIONS],
            on_change=lambda e: app.switch_tab(e.control.selected_index),
        )
        return ft.View(route=route, appbar=title, padding=0, floating_action_button=fab, spacing=0,
                       controls=[banners, ft.Row([rail, ft.VerticalDivider(width=1), body], expand=True, spacing=0)])
    return ft.View(
        route=route, appbar=title, padding=0, floating_action_button=fab, controls=[banners, body], spacing=0,
        navigation_bar=ft.NavigationBar(
            selected_index=app.tab,
            destinations=[ft.NavigationBarDestination(icon=i, selected_icon=s, label=l) for l, i, s in DESTINATIONS],
            on_change=lambda e: app.switch_tab(e.control.selected_index),
        ),
    )


@ft.component
def App(services: AppServices):
    page = ft.context.page
    app, _ = ft.use_state(lambda: AppModel(services=services, width=page.width or 412,
                                           theme=services.settings.get().theme.value))
    # The app lock (ui/lock_session.py): a new session starts locked when a passcode is set.
    lock, _ = ft.use_state(lambda: LockSession(locked=services.lock.enabled))
    me = ft.use_ref(None)
    me.current = current_component()

    def mount():
        page.on_route_change = app.route_changed
        page.on_view_pop = app.view_popped
        page.on_resize = lambda e: app.resized(e.width)
        page.on_keyboard_event = on_key
        if page.route and page.route != "/":
            app.route_changed(ft.RouteChangeEvent(name="route_change", control=page, route=page.route))
        notifier = services.notifier
        if notifier is not None:
            for banner in notifier.inapp.pending():
                app.show_banner(banner)
            def on_banner(banner):
                # Delivered from the reminder runner's task (started by whichever session came
                # first): hand it to *this* session's loop and context, so the screen that is
                # open re-renders now, not at the next navigation.
                async def show():
                    app.show_banner(banner)

                page.run_task(show)

            unsubscribe = notifier.inapp.subscribe(on_banner)

            def reconnected(e):
                # A reload, or the browser back after the phone was locked, reconnects this same
                # session: show what came due meanwhile (updates are not sent while disconnected).
                known = {b.id for b in app.banners}
                for banner in notifier.inapp.pending():
                    if banner.id not in known:
                        app.show_banner(banner)
                app.banners = list(app.banners)

            # Not on_disconnect: the session (and this subscription) lives on through a reconnect;
            # only an expired session is gone for good.
            page.on_connect = reconnected
            page.on_close = lambda e: unsubscribe()
        watch_lock()

    def watch_lock():
        """Lock on idle, after the background, and before a reload reconnects (ui/lock_session.py)."""
        alive = {"on": True}

        def close_dialogs():
            # A dialog or snack bar may show data: close them all (no update() here: this also
            # runs while the client is disconnected; the lock's re-render carries the change).
            for d in list(page._dialogs.controls):
                if getattr(d, "open", False):
                    d.open = False

        lock.on_lock = close_dialogs
        observe_activity(page, lambda name: None if name in NOT_INTERACTION else lock.touch())

        def lifecycle(e: ft.AppLifecycleStateChangeEvent):
            if e.state in HIDDEN_STATES:
                # The cover is for a phone's or desktop's app switcher; a browser tab going away
                # (often to reload) is not covered, so no update races the closing connection.
                lock.went_hidden(cover=not page.web)
            elif e.state in (ft.AppLifecycleState.SHOW, ft.AppLifecycleState.RESUME):
                lock.came_back(services.lock.enabled, services.lock_idle_seconds())

        def disconnected(e):
            # A reload reconnects this session and gets the page as it is: lock it now.
            if services.lock.enabled:
                lock.went_away()
                # Flet drops scheduled updates while disconnected, and a reconnect sends the page
                # as it is: render the lock screen now, so the reload gets only that.
                try:
                    me.current.update()
                except Exception:  # noqa: BLE001 - the reconnect handler below locks too
                    log.exception("could not render the lock screen at disconnect")

        previous_close = page.on_close
        previous_connect = page.on_connect

        def connected(e):
            # Flet 1.0.5: an update that runs while a closing browser tab's connection is being
            # disposed kills the session's update scheduler (AttributeError on the dead queue), and
            # nothing restarts it, so the reconnected page would never change again. Restart it
            # (a no-op while it runs).
            try:
                page.session.start_updates_scheduler()
            except Exception:  # noqa: BLE001
                log.exception("could not restart the update scheduler")
            if lock.locked:
                lock.reconnected()
                try:
                    me.current.update()  # restart the lock screen's effects (see lock_screen.LockView)
                except Exception:  # noqa: BLE001
                    log.exception("could not render the lock screen at reconnect")
            if previous_connect is not None:
                previous_connect(e)

        def closed(e):
            alive["on"] = False
            if previous_close is not None:
                previous_close(e)

        page.on_app_lifecycle_state_change = lifecycle
        page.on_disconnect = disconnected
        page.on_close = closed
        page.on_connect = connected
        page.run_task(idle_watch, lock, lambda: services.lock.enabled, services.lock_idle_seconds, lambda: alive["on"])

    def on_key(e: ft.KeyboardEvent):
        # Esc goes back one screen; an open dialog or picker closes itself on Esc instead.
        # (Flet 1.0.5 has no public "is a dialog open"; its dialog list is page._dialogs.)
        if lock.locked:
            return
        modal_open = any(getattr(d, "open", False) and not isinstance(d, ft.SnackBar) for d in page._dialogs.controls)
        if e.key == "Escape" and not modal_open:
            app.back()

    ft.on_mounted(mount)

    def views():
        _ = app.revision  # re-render the views when data changes
        if lock.locked:
            # Only the lock screen is built: no screen of the user's data exists until unlock.
            return [LockView(services, lock, route=app.route, on_erased=app.changed)]
        if lock.covered and services.lock.enabled:
            return [CoverView(route=app.route)]
        out = [_view(app, route, root=(i == 0)) for i, route in enumerate(app.stack)]
        out[-1].controls.append(Messages(app))
        return out

    handle, _ = ft.use_state(lambda: AppHandle(app))
    return AppContext(handle, lambda: LockContext(lock, views))


def main(page: ft.Page) -> None:
    """Flet entry point: open the data, then render the app."""
    page.title = "InterviewPal"
    # Screens switch instantly: in a corridor before a round, every 300 ms of animation is waiting.
    instant = ft.PageTransitionsTheme(**{p: ft.PageTransitionTheme.NONE for p in ("android", "ios", "linux", "macos", "windows")})
    page.theme = ft.Theme(color_scheme_seed=ft.Colors.INDIGO, page_transitions=instant)
    page.dark_theme = ft.Theme(color_scheme_seed=ft.Colors.INDIGO, page_transitions=instant)
    try:
        services = _services()
    except StartError as err:  # the data folder cannot be used: say what and where, never a traceback
        message, folder = err.message, err.folder  # `err` is unbound after the except block
        page.render(lambda: StartErrorScreen(message, folder))
        return
    page.theme_mode = THEME_MODES.get(services.settings.get().theme.value, ft.ThemeMode.SYSTEM)
    runner = services.start_reminders(os_notifications=not page.web)
    if not _started_runner:
        _started_runner.append(runner)
        page.run_task(runner.run)
    page.render_views(lambda: App(services))
    preload_in_background()


# One data store and one reminder loop per process, shared by every window or browser tab.
_opened: list[AppServices] = []
_started_runner: list = []


def _services() -> AppServices:
    if not _opened:
        _opened.append(open_services())
        _opened[0].warm_up_in_background()
    return _opened[0]
