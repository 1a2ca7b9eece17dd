"""Run the benchmarks: ``python -m benchmarks.run --scale 1|10 [--only NAME]``.

Every ``benchmarks/bench_<name>.py`` module with a ``run(*, scale: int) -> None``
function is discovered and run in name order; each prints its own figures. Point
DATABASE_URL at a PostgreSQL database kept for benchmarks: the generator wipes the
campaign tables of the database it is given.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
import time
from pathlib import Path

import django


def _discover() -> list[str]:
    folder = Path(__file__).resolve().parent
    return sorted(
        info.name.removeprefix("bench_")
        for info in pkgutil.iter_modules([str(folder)])
        if info.name.startswith("bench_")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1, choices=[1, 10])
    parser.add_argument("--only", action="append", help="run only this benchmark")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nuithanh_cchc.settings")
    os.environ.setdefault("DEBUG", "true")
    django.setup()
    from organisation.scoping import across_organisations_from_now

    across_organisations_from_now()
    from django.conf import settings
    from django.core.management import call_command

    from benchmarks.datagen import ensure_dataset

    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        print(f"warning: benchmarks are meant for PostgreSQL, not {engine}")
    call_command("migrate", verbosity=0)
    ensure_dataset(scale=args.scale)

    names = args.only or _discover()
    unknown = set(names) - set(_discover())
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    for name in names:
        module = importlib.import_module(f"benchmarks.bench_{name}")
        print(f"\n== {name} (scale {args.scale})")
        started = time.perf_counter()
        module.run(scale=args.scale)
        print(f"-- {name} took {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
