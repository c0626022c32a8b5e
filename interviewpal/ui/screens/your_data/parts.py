"""Small pieces shared by the "Your data" parts: headings, hints, the progress and result line."""

from __future__ import annotations

import logging
from typing import Callable

import flet as ft

from ...components.common import icon_button
from ...hooks.background_work import BackgroundWork

log = logging.getLogger(__name__)


def subheading(text: str) -> ft.Text:
    return ft.Text(text, theme_style=ft.TextThemeStyle.TITLE_SMALL, weight=ft.FontWeight.W_600)


def hint(text: str) -> ft.Text:
    return ft.Text(text, size=13, color=ft.Colors.ON_SURFACE_VARIANT)


def close_dialog(dlg: ft.AlertDialog) -> None:
    """Close this dialog (not whatever is on top, e.g. a snack bar)."""
    if dlg.open:
        dlg.open = False
        dlg.update()


def column(controls: list[ft.Control]) -> ft.Column:
    return ft.Column(controls, spacing=8, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)


def progress_and_result(work: BackgroundWork) -> list[ft.Control]:
    """The progress ring with its sentence while work runs; the last result until dismissed."""
    out: list[ft.Control] = []
    if work.busy:
        out.append(ft.Row([ft.ProgressRing(width=20, height=20, stroke_width=2.5), ft.Text(work.busy, expand=True)],
                          spacing=12))
    status = work.status
    if status:
        out.append(ft.Container(
            bgcolor=ft.Colors.ERROR_CONTAINER if status.error else ft.Colors.SECONDARY_CONTAINER,
            border_radius=12,
            padding=ft.Padding.only(left=12, top=4, bottom=4, right=4),
            content=ft.Row([
                ft.Icon(ft.Icons.ERROR_OUTLINE if status.error else ft.Icons.CHECK_CIRCLE_OUTLINE,
                        color=ft.Colors.ON_ERROR_CONTAINER if status.error else ft.Colors.ON_SECONDARY_CONTAINER),
                ft.Text(status.text, expand=True,
                        color=ft.Colors.ON_ERROR_CONTAINER if status.error else ft.Colors.ON_SECONDARY_CONTAINER),
                icon_button(ft.Icons.CLOSE, "Dismiss message", on_click=lambda: work.dismiss()),
            ], vertical_alignment=ft.CrossAxisAlignment.CENTER),
        ))
    return out


async def change_data(work: BackgroundWork, app, sentence: str, fn: Callable[[], object], *,
                      known: type[Exception], failed: Callable[[Exception], str], refresh: Callable[[], None],
                      changed_on_known: bool = False) -> None:
    """Run an import or a restore in the background and report it.

    ``known`` errors carry the user's sentence (nothing was written); any other error is
    logged and reported with ``failed(err)``. Success re-renders every screen (``refresh``)
    and shows the result's message.
    """
    async def go():
        try:
            result = await work.run(sentence, fn)
        except known as err:
            work.done(str(err), error=True)
            if changed_on_known:
                app.changed()
            return
        except Exception as err:  # noqa: BLE001 - tell the user, keep the app running
            log.exception("%s failed", sentence)
            work.done(failed(err), error=True)
            app.changed()
            return
        refresh()
        work.done(result.message)

    await work.guarded(go)
