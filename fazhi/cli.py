"""The ``fazhi`` console command: a thin wrapper around the management commands.

``fazhi demo --scale small`` runs ``manage.py demo --scale small``; two-word commands join with a
hyphen or underscore (``fazhi audit verify`` → ``audit_verify``). ``fazhi review`` runs the report
checker, which needs no database.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "review":
        from review.cli import main as review_main

        return review_main(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line, get_commands

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        # A setting production requires (fazhi/settings.py): the message says which and how.
        print(f"配置错误 (configuration error): {exc}", file=sys.stderr)
        return 2
    commands = get_commands()
    if len(args) >= 2:
        for joined in (f"{args[0]}_{args[1]}", f"{args[0]}-{args[1]}".replace("-", "_")):
            if joined in commands:
                args = [joined, *args[2:]]
                break
    if args and args[0].replace("-", "_") in commands:
        args[0] = args[0].replace("-", "_")
    execute_from_command_line(["fazhi", *args])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
