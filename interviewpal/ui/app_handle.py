"""What screens get from ``AppContext``: the AppModel without re-rendering on every change of it.

``ft.use_context`` subscribes a component to an observable context value, so with the AppModel
itself every screen of the navigation stack re-rendered (and was re-sent to the client) on
every navigation, banner or message. Screens get this handle instead: the same attributes and
methods (they act on the model), but not observable. A screen re-renders when the root
re-renders it with changed arguments (data revision, width, banners; see ``ScreenBody`` in
app.py), or on its own state.
"""

from __future__ import annotations

from .state import AppModel


class AppHandle:
    __slots__ = ("_model",)

    def __init__(self, model: AppModel):
        object.__setattr__(self, "_model", model)

    def __getattr__(self, name: str):
        return getattr(self._model, name)

    def __setattr__(self, name: str, value) -> None:
        setattr(self._model, name, value)

    @property
    def model(self) -> AppModel:
        return self._model
