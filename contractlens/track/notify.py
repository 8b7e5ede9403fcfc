"""Tell people about changes: JSON lines appended to a file, and an Atom feed.

The JSON lines file is an append-only log (one line per change, as detected); the Atom
feed is rewritten from the store each run, newest change first, one entry per change.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from ..version import __version__
from ..errors import InputError
from .store import Change, utc_now

ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_ID = "urn:contractlens:track"


def append_jsonl(path: str | Path, changes: list[Change]) -> None:
    try:
        with open(path, "a", encoding="utf-8") as out:
            for change in changes:
                out.write(json.dumps(change.to_dict(), ensure_ascii=False) + "\n")
    except OSError as exc:
        raise InputError(f"cannot write notifications to {path}: {exc.strerror or exc}") from None


def atom_feed(changes: list[Change], *, title: str = "contractlens: changes in tracked terms") -> bytes:
    """A valid Atom 1.0 document with one entry per change (newest first)."""
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    _text(feed, "title", title)
    _text(feed, "id", FEED_ID)
    _text(feed, "updated", changes[0].detected_at if changes else utc_now())
    generator = _text(feed, "generator", "contractlens")
    generator.set("version", __version__)
    author = ET.SubElement(feed, f"{{{ATOM_NS}}}author")
    _text(author, "name", "contractlens")
    for change in changes:
        entry = ET.SubElement(feed, f"{{{ATOM_NS}}}entry")
        _text(entry, "title", f"{change.service}: {change.summary}")
        _text(entry, "id", f"{FEED_ID}:change:{change.id}")
        _text(entry, "updated", change.detected_at)
        link = ET.SubElement(entry, f"{{{ATOM_NS}}}link")
        link.set("href", change.url)
        lines = [item["message"] for item in change.items] or ["text changed; findings unchanged"]
        content = _text(entry, "content", "\n".join(f"- {line}" for line in lines))
        content.set("type", "text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def write_atom(path: str | Path, changes: list[Change]) -> None:
    try:
        Path(path).write_bytes(atom_feed(changes))
    except OSError as exc:
        raise InputError(f"cannot write the Atom feed {path}: {exc.strerror or exc}") from None


def _text(parent, tag: str, text: str):
    element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}")
    element.text = text
    return element
