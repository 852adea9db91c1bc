"""The Celery app. Without a broker configured, tasks run eagerly in the web process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zonetrack.settings")

app = Celery("zonetrack")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()  # the ``tasks`` module of every installed app
# reports keeps its jobs with what they compute: the figures, and the quarterly export.
app.autodiscover_tasks(["reports.figures"])
app.autodiscover_tasks(["reports.quarterly"], related_name="jobs")
