"""Work after a commit runs once per key for a burst of edits, and never for a rollback."""

import pytest
from django.db import transaction

from zonetrack.commits import AfterCommit

pytestmark = pytest.mark.django_db


@pytest.fixture
def runs():
    done = []
    return done, AfterCommit(lambda keys: done.append(sorted(keys)))


def test_a_burst_of_edits_runs_the_work_once_per_key(runs, django_capture_on_commit_callbacks):
    done, after = runs
    with django_capture_on_commit_callbacks(execute=True):
        for key in (1, 2, 1, 1):
            after.note({key})
    assert sorted(key for keys in done for key in keys) == [1, 2]


def test_a_later_edit_runs_the_work_again(runs, django_capture_on_commit_callbacks):
    done, after = runs
    with django_capture_on_commit_callbacks(execute=True):
        after.note({1})
    with django_capture_on_commit_callbacks(execute=True):
        after.note({1})
    assert done == [[1], [1]]


def test_an_edit_rolled_back_runs_nothing(runs, django_capture_on_commit_callbacks):
    done, after = runs
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                after.note({1})
                raise RuntimeError("refused")
        except RuntimeError:
            pass
        after.note({2, None})
    assert done == [[2]]


def test_keys_can_be_resolved_once_committed(runs, django_capture_on_commit_callbacks):
    done, after = runs
    with django_capture_on_commit_callbacks(execute=True):
        after.note({10, 11}, resolve=lambda keys: {key // 10 for key in keys})
    assert done == [[1]]
