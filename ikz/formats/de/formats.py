"""German formats with a numeric date and time ("01.12.2026, 08:11"); the rest is Django's."""

DATETIME_FORMAT = "d.m.Y, H:i"
SHORT_DATETIME_FORMAT = "d.m.Y, H:i"
