"""One strict parser for integer and date query parameters.

``"²".isdigit()`` is true and ``int("²")`` raises: every view reads its numbers
and dates here instead. A malformed, out-of-range or missing value is ``None``
(the page then shows its default); nothing here raises.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

_DIGITS = re.compile(r"[0-9]{1,10}")
DB_INT_MAX = 2**31 - 1


def parse_int(
    raw: object, *, min_value: int = 0, max_value: int = DB_INT_MAX
) -> int | None:
    """``raw`` as an int if it is ASCII digits within bounds, else None."""
    if not isinstance(raw, str) or not _DIGITS.fullmatch(raw.strip()):
        return None
    value = int(raw.strip())
    return value if min_value <= value <= max_value else None


def int_param(
    params: Mapping[str, object],
    name: str,
    *,
    min_value: int = 1,
    max_value: int = DB_INT_MAX,
) -> int | None:
    """An id or count from a query string (``request.GET``), or None."""
    return parse_int(params.get(name), min_value=min_value, max_value=max_value)


def parse_date(
    raw: object,
    *,
    fmt: str = "%Y-%m-%d",
    min_year: int = 1900,
    max_year: int = 2200,
) -> dt.date | None:
    """``raw`` as a date in ``fmt`` (ISO by default) within sane years, else None."""
    if not isinstance(raw, str) or not raw or len(raw) > 32 or not raw.isascii():
        return None
    try:
        day = dt.datetime.strptime(raw.strip(), fmt).date()  # noqa: DTZ007
    except ValueError:
        return None
    return day if min_year <= day.year <= max_year else None


def date_param(
    params: Mapping[str, object], name: str, *, fmt: str = "%Y-%m-%d"
) -> dt.date | None:
    return parse_date(params.get(name), fmt=fmt)
