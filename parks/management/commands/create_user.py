"""create_user: create or update a user with one membership and print its API token."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from parks.choices import Role
from parks.models import Region, Zone
from parks.services import provision_user


class Command(BaseCommand):
    help = (
        "Create or update a user, give it a role in a zone or region, and print its API token. "
        "Running it again with the same arguments changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--password", required=True)
        parser.add_argument("--role", choices=Role.values)
        place = parser.add_mutually_exclusive_group()
        place.add_argument("--zone", metavar="CODE", help="code of the zone the role applies to")
        place.add_argument("--region", metavar="CODE", help="code of the region (and below)")
        parser.add_argument("--admin", action="store_true", help="make a superuser")

    def handle(self, *args, username, password, role, zone, region, admin, **options):
        if role and not (zone or region):
            raise CommandError("--role needs --zone CODE or --region CODE.")
        if (zone or region) and not role:
            raise CommandError("--zone and --region need --role.")
        if not role and not admin:
            raise CommandError("Give --role with --zone or --region, or --admin.")
        place = self._place(zone, region)
        self._check_password(username, password)
        token = provision_user(username, password, role=role, place=place, admin=admin)
        self.stdout.write(token)

    def _check_password(self, username, password):
        """Django's password validators (AUTH_PASSWORD_VALIDATORS), as for a password the
        user changes itself; compared against the user as it stands, or a new one by name."""
        User = get_user_model()
        user = User.objects.filter(username=username).first() or User(username=username)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("The password is refused: " + " ".join(error.messages)) from None

    def _place(self, zone, region):
        if zone:
            try:
                return Zone.objects.get(code=zone)
            except Zone.DoesNotExist:
                raise CommandError(f"No zone with code {zone!r}.") from None
        if region:
            try:
                return Region.objects.get(code=region)
            except Region.DoesNotExist:
                raise CommandError(f"No region with code {region!r}.") from None
        return None
