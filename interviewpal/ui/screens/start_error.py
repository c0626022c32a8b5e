"""Shown instead of the app when the data folder cannot be used: what is wrong and where, never a traceback."""

from __future__ import annotations

import flet as ft


@ft.component
def StartErrorScreen(message: str, folder: str):
    """``message``: the sentence from the storage (names the folder and the cause)."""
    return ft.SafeArea(
        ft.Column(
            [
                ft.Icon(ft.Icons.FOLDER_OFF_OUTLINED, size=48, color=ft.Colors.ERROR),
                ft.Text("InterviewPal cannot open your data", size=22, weight=ft.FontWeight.BOLD),
                ft.Text(message),
                ft.Text("Data folder", weight=ft.FontWeight.BOLD),
                ft.Text(folder, font_family="monospace"),
                ft.Text(
                    "Nothing was changed or deleted. Make the folder readable and writable by your user "
                    "(or set INTERVIEWPAL_DATA_DIR to another folder), then start the app again.",
                ),
            ],
            spacing=12,
            scroll=ft.ScrollMode.AUTO,
        ),
        expand=True,
        minimum_padding=16,
    )
