import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from biopa.settings.env import env_str


class Command(BaseCommand):
    help = (
        "Make sure the superuser 'admin' exists. Its password comes from "
        "DJANGO_SUPERUSER_PASSWORD, or is generated and printed once, when it is created."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        password = env_str("DJANGO_SUPERUSER_PASSWORD")
        user = User.objects.filter(username="admin").first()
        if user is not None:
            if password and not user.check_password(password):
                user.set_password(password)
                user.save(update_fields=["password"])
                self.stdout.write("The password of 'admin' now matches DJANGO_SUPERUSER_PASSWORD.")
            return
        generated = password is None
        password = password or secrets.token_urlsafe(16)
        User.objects.create_superuser("admin", "admin@localhost", password)
        if generated:
            self.stdout.write(
                self.style.WARNING(
                    f"Created the admin account. User: admin  Password: {password}\n"
                    "It is shown only this once; set DJANGO_SUPERUSER_PASSWORD to choose it."
                )
            )
        else:
            self.stdout.write(
                "Created the admin account 'admin' (password from DJANGO_SUPERUSER_PASSWORD)."
            )
