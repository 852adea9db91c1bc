"""Provisioning of users and their memberships, shared by create_user and seed_demo."""

from django.contrib.auth import get_user_model
from django.db import transaction
from rest_framework.authtoken.models import Token

from .models import Membership, Region, Zone


@transaction.atomic
def provision_user(username, password, *, role=None, place=None, admin=False):
    """Create or update a user, its role in ``place`` (a Zone or Region), and its API token.

    Writes only what differs, so calling it again with the same arguments changes nothing.
    Returns the token key.
    """
    user, created = get_user_model().objects.get_or_create(username=username)
    changed = created
    if not user.check_password(password):
        user.set_password(password)
        changed = True
    if admin and not (user.is_superuser and user.is_staff):
        user.is_superuser = user.is_staff = True
        changed = True
    if changed:
        user.save()
    if role is not None:
        membership, created = Membership.objects.get_or_create(
            user=user,
            zone=place if isinstance(place, Zone) else None,
            region=place if isinstance(place, Region) else None,
            defaults={"role": role},
        )
        if not created and membership.role != role:
            membership.role = role
            membership.save()
    token, _ = Token.objects.get_or_create(user=user)
    return token.key
