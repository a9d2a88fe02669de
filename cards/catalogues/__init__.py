"""The text catalogues, one module per area; `cards.texts` merges them.

Each entry holds all three languages side by side so that a missing translation shows in review
(and in `tests/test_texts.py`). Placeholders use `str.format` names.
"""

from __future__ import annotations

from typing import Literal

Language = Literal["nb", "nn", "en"]
Catalogue = dict[str, dict[Language, str]]
