"""Numbers and dates as Dutch readers write them, without depending on OS locales."""

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Flask

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")


def nl_number(value, decimals: int = 2) -> str:
    """12345.6 -> '12.345,60' (Dutch grouping and decimal comma); ints stay whole."""
    text = f"{value:,.{decimals}f}" if isinstance(value, float) else f"{value:,}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def local_zone():
    try:
        return ZoneInfo("Europe/Amsterdam")
    except ZoneInfoNotFoundError:  # a machine without tzdata: say it in UTC rather than fail
        return None


def nl_datetime(iso: str | None) -> str:
    """'2025-11-23T21:23:00+00:00' -> '23 november 2025, 22:23' (Dutch time); '' if unreadable."""
    try:
        moment = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return ""
    zone = local_zone()
    if zone is not None and moment.tzinfo is not None:
        moment = moment.astimezone(zone)
    suffix = "" if zone is not None or moment.tzinfo is None else " UTC"
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}, {moment:%H:%M}{suffix}"


def init_app(app: Flask) -> None:
    app.add_template_filter(nl_number, "nl")
    app.add_template_filter(nl_datetime, "nl_datetime")
