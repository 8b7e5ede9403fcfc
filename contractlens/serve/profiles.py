"""The person's profiles as the server sees them: the shipped ones and the YAML files they uploaded.

An uploaded file is validated exactly as `contractlens terms validate` does (same one-line
errors) and kept as $CONTRACTLENS_HOME/profiles/ID.yaml. Clients name profiles, never paths:
the server reads no file a request points at.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..assess.profiles import Profile, load_profile, parse_profile_text, shipped_profile, shipped_profile_names
from ..errors import InputError

_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


class Profiles:
    def __init__(self, directory: Path):
        self.directory = Path(directory)

    def _path(self, name: str) -> Path:
        return self.directory / f"{name}.yaml"

    def uploaded_names(self) -> list[str]:
        if not self.directory.is_dir():
            return []
        return sorted(p.stem for p in self.directory.glob("*.yaml") if _SAFE_ID.match(p.stem))

    def names(self) -> list[str]:
        return shipped_profile_names() + [n for n in self.uploaded_names() if n not in shipped_profile_names()]

    def get(self, name: str) -> Profile:
        """A profile by name; anything else (a path, an unknown name) is refused in one line."""
        if name in shipped_profile_names():
            return shipped_profile(name)
        if _SAFE_ID.match(name) and self._path(name).is_file():
            return load_profile(self._path(name))
        raise InputError(f"unknown terms profile {name!r}: use one of {', '.join(self.names())}")

    def resolve(self, names) -> list[Profile]:
        profiles: dict[str, Profile] = {}
        for name in names or ():
            if not isinstance(name, str):
                raise InputError("terms must be a list of profile names")
            profile = self.get(name)
            profiles.setdefault(profile.id, profile)
        return list(profiles.values())

    def upload(self, filename: str, data: bytes) -> Profile:
        """Validate an uploaded YAML file and keep it under its profile id."""
        origin = Path(filename or "profile.yaml").name
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError(f"cannot read profile {origin}: not UTF-8 text") from None
        profile = parse_profile_text(text, origin=origin)
        if not _SAFE_ID.match(profile.id):
            raise InputError(f"{origin}: profile id {profile.id!r} must be letters, digits, '.', '_' or '-'")
        if profile.id in shipped_profile_names():
            raise InputError(f"{origin}: a shipped profile is already called {profile.id!r}; choose another id")
        self.directory.mkdir(parents=True, exist_ok=True)
        self._path(profile.id).write_text(text, encoding="utf-8")
        return load_profile(self._path(profile.id))
