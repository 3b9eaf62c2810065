"""The site a file belongs to, from a folder named after it ("numerique-gouv" → numerique.gouv.fr)."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+$", re.IGNORECASE)


def site_outlet(source: str) -> str:
    for part in PurePosixPath(source).parts[:-1]:
        name = part.lower()
        if DOMAIN.match(name):
            return name
        match = re.fullmatch(r"([a-z0-9-]+)-gouv(?:-fr)?", name)
        if match:
            return f"{match.group(1).replace('-', '.')}.gouv.fr"
    return ""
