"""Checking the ValidationErrors services raise: by code, and by field when the error is about an input."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError


@contextmanager
def refused(code: str, *, field: str | None = None) -> Iterator[None]:
    """The block raises a ValidationError with `code`: on its own, or keyed by the input it is about
    (`field`, or any field when not given)."""
    with pytest.raises(ValidationError) as excinfo:
        yield
    error = excinfo.value
    if hasattr(error, "error_dict"):
        codes = {(name, item.code) for name, items in error.error_dict.items() for item in items}
        assert any(c == code and field in (None, name) for name, c in codes), error
    else:
        assert field is None and error.code == code, error


def error_codes(error: ValidationError) -> dict[str, list[str]] | list[str]:
    """The codes of a ValidationError: by field for a field-keyed one, else a plain list."""
    if hasattr(error, "error_dict"):
        return {field: [item.code for item in items] for field, items in error.error_dict.items()}
    return [item.code for item in error.error_list]
