"""The ``lastmile`` console script: Django's manage.py plus the project's own commands."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.local")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    if len(argv) > 1 and argv[1] == "rotate-keys":  # the documented name of rotate_keys
        argv[1] = "rotate_keys"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
