"""Problems to tell the user about, in a form any interface can show in its own language."""

from __future__ import annotations

from typing import Any


class UserError(Exception):
    """A one-line problem for the user: an English template with named fields.

    str() is the English sentence (the CLI prints it); the app looks `template` up in its
    translations and fills in the same `fields`, so a Chinese window says it in Chinese.
    Templates are plain string literals at the raise, so tools (and a test) can list them.
    """

    def __init__(self, template: str, **fields: Any) -> None:
        super().__init__(template.format(**fields))
        self.template = template
        self.fields = fields
