"""Render the model documents in ``content/vorlagen/*.md`` as DOCX and ODT in ``static/vorlagen/``.

The Markdown files are the one source of the templates' wording; the office files are generated
from them and committed, so the site needs neither library at run time. python-docx and odfpy are
development dependencies (``pip install -e .[dev]``).
"""

from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

SOURCE_DIR = settings.BASE_DIR / "content" / "vorlagen"
TARGET_DIR = settings.BASE_DIR / "static" / "vorlagen"
DISCLAIMER = (
    "Muster ohne Gewähr – keine Rechtsberatung; vor Verwendung mit der "
    "Rechtsaufsichtsbehörde abstimmen."
)
AUTHOR = "IKZ-Katalog, Servicestelle IKZ beim Sächsischen Städte- und Gemeindetag"


def blocks(text: str) -> list[tuple[str, str]]:
    """The document as (kind, text) pairs: title, heading, bullet or paragraph."""
    result = []
    for line in text.splitlines():
        line = line.rstrip()
        if not line:
            continue
        if line.startswith("# "):
            result.append(("title", line[2:]))
        elif line.startswith("## "):
            result.append(("heading", line[3:]))
        elif line.startswith("- "):
            result.append(("bullet", line[2:]))
        else:
            result.append(("paragraph", line))
    return result


def write_docx(parts: list[tuple[str, str]], target: Path) -> None:
    from docx import Document  # development dependency

    document = Document()
    document.core_properties.author = AUTHOR
    document.core_properties.language = "de-DE"
    fixed = datetime(2026, 12, 1)
    document.core_properties.created = document.core_properties.modified = fixed
    for kind, text in parts:
        if kind == "title":
            document.core_properties.title = text
            document.add_heading(text, level=0)
        elif kind == "heading":
            document.add_heading(text, level=1)
        elif kind == "bullet":
            document.add_paragraph(text, style="List Bullet")
        elif text == DISCLAIMER:
            document.add_paragraph().add_run(text).bold = True
        else:
            document.add_paragraph(text)
    document.save(target)


def write_odt(parts: list[tuple[str, str]], target: Path) -> None:
    from odf.opendocument import OpenDocumentText  # development dependency
    from odf.style import ParagraphProperties, Style, TextProperties
    from odf.text import H, List, ListItem, P

    document = OpenDocumentText()
    bold = Style(name="Disclaimer", family="paragraph")
    bold.addElement(TextProperties(fontweight="bold"))
    bold.addElement(ParagraphProperties(marginbottom="0.3cm"))
    document.automaticstyles.addElement(bold)
    bullets = None
    for kind, text in parts:
        if kind != "bullet":
            bullets = None
        if kind == "title":
            document.text.addElement(H(outlinelevel=1, text=text))
        elif kind == "heading":
            document.text.addElement(H(outlinelevel=2, text=text))
        elif kind == "bullet":
            if bullets is None:
                bullets = List()
                document.text.addElement(bullets)
            item = ListItem()
            item.addElement(P(text=text))
            bullets.addElement(item)
        elif text == DISCLAIMER:
            document.text.addElement(P(stylename=bold, text=text))
        else:
            document.text.addElement(P(text=text))
    document.save(str(target))


class Command(BaseCommand):
    help = "Erzeugt die Mustervorlagen als DOCX und ODT aus content/vorlagen/*.md."

    def handle(self, *args, **options):
        TARGET_DIR.mkdir(parents=True, exist_ok=True)
        for source in sorted(SOURCE_DIR.glob("*.md")):
            parts = blocks(source.read_text(encoding="utf-8"))
            if (parts[1:2] or [("", "")])[0][1] != DISCLAIMER:
                self.stderr.write(f"{source.name}: der Hinweis „Muster ohne Gewähr …“ fehlt.")
                continue
            write_docx(parts, TARGET_DIR / f"{source.stem}.docx")
            write_odt(parts, TARGET_DIR / f"{source.stem}.odt")
            self.stdout.write(f"{source.stem}: DOCX und ODT erzeugt")
        self.stdout.write(self.style.SUCCESS("Vorlagen erzeugt."))
