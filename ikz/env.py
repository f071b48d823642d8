"""Small typed readers for settings from the environment.

Each helper fails loudly with ``ImproperlyConfigured`` and names the variable, so a typo in a
deployment never turns into a silently wrong setting.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} ist kein Wahrheitswert; erlaubt sind 1/0, true/false, yes/no, on/off."
    )


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} ist keine ganze Zahl.") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_path(name: str, default: Path) -> Path:
    raw = env_str(name)
    return Path(raw).resolve() if raw else default


def database_from_url(url: str, *, base_dir: Path) -> dict:
    """Turn ``postgres://user:pw@host:port/name`` or ``sqlite:///path`` into a DATABASES entry."""
    parts = urlsplit(url)
    scheme = parts.scheme
    if scheme == "sqlite":
        # sqlite:///relative/to/project  or  sqlite:////absolute/path
        path = unquote(parts.path)[1:]
        if not path:
            raise ImproperlyConfigured("DATABASE_URL für SQLite braucht einen Dateipfad.")
        name = Path(path) if Path(path).is_absolute() else base_dir / path
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(name)}
    if scheme in {"postgres", "postgresql", "pgsql"}:
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured("DATABASE_URL für PostgreSQL braucht einen Datenbanknamen.")
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured(f"DATABASE_URL hat einen ungültigen Port: {url!r}") from None
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        config = {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
        if options:
            config["OPTIONS"] = options
        return config
    raise ImproperlyConfigured(
        f"DATABASE_URL mit dem Schema {scheme!r} wird nicht unterstützt "
        "(erlaubt: postgres://…, sqlite:///…)."
    )


RATE_PERIODS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60}
RATE_PERIODS.update({"h": 3600, "hour": 3600, "d": 86400, "day": 86400})


def parse_rate(value: str) -> tuple[int, int]:
    """``"5/hour"`` → ``(5, 3600)``: requests per period in seconds; ValueError if invalid."""
    count, _slash, period = value.strip().partition("/")
    if not count.isdigit() or period not in RATE_PERIODS:
        raise ValueError(value)
    return int(count), RATE_PERIODS[period]


def env_rate(name: str, default: str) -> str:
    """A rate like ``120/min`` or ``5/hour`` (units s, min, hour, day and their short forms)."""
    raw = env_str(name, default)
    try:
        parse_rate(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name}={raw!r} ist keine Rate wie 120/min oder 5000/day."
        ) from None
    return raw
