"""Helpers for rule tests: a refused write names its field and leaves the database as it was."""

import pytest
from django.core.exceptions import ValidationError


def refused(instance, field):
    """Assert full_clean() refuses ``instance`` with an error on ``field``; return the messages."""
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    errors = caught.value.message_dict
    assert field in errors, f"expected an error on {field!r}, got {errors}"
    return errors[field]


def accepted(instance):
    instance.full_clean()
    instance.save()
    return instance
