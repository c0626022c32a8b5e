"""Form input to models: the refusal every form shows (:class:`FormError`) and the limits it checks.

A form's rules live in the services (e.g. ``services/rounds.py``, ``services/reflection_input.py``);
the screens show the sentences next to the fields.
"""

from __future__ import annotations

from pydantic import BaseModel, ValidationError

from ..models import field_errors


class FormError(Exception):
    """A form's input was refused; ``errors`` maps field name to a sentence."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k or 'form'}: {v}" for k, v in errors.items()))
        self.errors = errors


def validate(model: type, data: dict) -> object:
    """Build ``model`` from form data or raise FormError with per-field sentences."""
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise FormError(field_errors(e)) from None


def max_length(model: type[BaseModel], field_name: str) -> int:
    """The ``max_length`` a model declares for a text field (one source for forms and screens)."""
    for meta in model.model_fields[field_name].metadata:
        limit = getattr(meta, "max_length", None)
        if limit is not None:
            return int(limit)
    raise LookupError(f"{model.__name__}.{field_name} has no max_length")
