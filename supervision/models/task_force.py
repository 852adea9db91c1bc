"""A project's task force (一项目一专班)."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from parks.access import READ, access_for
from zonetrack.history import ClientAddress

from ..choices import (
    TaskForceRole,
)


class TaskForceMemberQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access_for(user).zone_q("project__zone", READ))


class TaskForceMember(models.Model):
    """One person of a project's task force (一项目一专班): its lead or a member, the unit
    they come from and what they answer for.

    The phone is shown only to the project's zone and the regions above it
    (:meth:`phone_for`).
    """

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="task_force",
    )
    name = models.CharField(_("name"), max_length=50)
    unit = models.CharField(_("unit"), max_length=200)
    position = models.CharField(
        _("position"), max_length=100, blank=True, help_text=_("Their post in their unit.")
    )
    role = models.CharField(
        _("task force role"),
        max_length=10,
        choices=TaskForceRole,
        default=TaskForceRole.MEMBER,
    )
    duty = models.CharField(
        _("duty"),
        max_length=200,
        blank=True,
        help_text=_("What they answer for in the task force."),
    )
    phone = models.CharField(
        _("phone"),
        max_length=30,
        blank=True,
        validators=[
            RegexValidator(
                r"^[0-9+()\- ]{5,30}$",
                _("Enter a phone number: digits, with + - ( ) or spaces."),
            )
        ],
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(bases=[ClientAddress])

    objects = TaskForceMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("task force member")
        verbose_name_plural = _("task force members")
        # The lead first ("lead" sorts before "member"), then in the order they were added.
        ordering = ["project", "role", "pk"]

    def __str__(self):
        return f"{self.name}（{self.unit}）"

    def clean(self):
        self.name, self.unit = self.name.strip(), self.unit.strip()
        if not self.name:
            raise ValidationError({"name": _("Give the member's name.")}, code="required")

    def phone_for(self, user) -> str:
        """The phone as ``user`` may see it: members of any role of the project's zone or
        of a region containing it (and administrators) see it, anyone else an empty string.
        Needs the project's zone and region loaded."""
        return self.phone if access_for(user).can(self.project.zone, READ) else ""
