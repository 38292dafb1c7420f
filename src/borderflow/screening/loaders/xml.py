"""Safe XML parsing shared by the XML list loaders (no entity expansion, no DTDs)."""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from borderflow.errors import InvalidInput
from borderflow.screening.loaders.common import read_text

__all__ = ["parse_xml", "text_of"]


def parse_xml(path: Path) -> Element:
    """The root element of ``path``; malformed XML names the file, line and column."""
    try:
        root: Element = fromstring(read_text(path))
    except ParseError as exc:
        line, column = exc.position
        raise InvalidInput(
            f"{path}:{line}:{column}: malformed XML: {exc}", field=path.name
        ) from exc
    except DefusedXmlException as exc:
        raise InvalidInput(f"{path}: refused unsafe XML: {exc}", field=path.name) from exc
    return root


def text_of(element: Element | None, tag: str = "") -> str:
    """The stripped text of ``element`` (or its child ``tag``), non-breaking spaces removed."""
    target = element.find(tag) if element is not None and tag else element
    if target is None or target.text is None:
        return ""
    return " ".join(target.text.replace("\xa0", " ").split())
