"""The product's command line: `xiaoneng serve`, `xiaoneng demo`,
`xiaoneng calendar …`, `xiaoneng audit verify`, and every Django command."""

import os
import sys


def main() -> None:
    # A process started by `serve` (task worker, scheduler) dies with it.
    from xiaoneng.system.lifeline import watch_parent_from_env

    watch_parent_from_env()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiaoneng.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["xiaoneng", *sys.argv[1:]])


if __name__ == "__main__":
    main()
