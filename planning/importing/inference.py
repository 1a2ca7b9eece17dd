"""Theme, channel and audience for rows whose file has no such column.

In order: the row's own cell; the words of its content ("Đài truyền thanh",
"Cổng thông tin", "hội nghị", "giao ban", "pa-nô", "hội thi"…); its section
heading; the one choice the planner made for all such rows (preview or
``--theme/--channel/--audience``). Channels and audiences are found by words of
their names, so any catalogue whose names say what they are works.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from audiences.models import AudienceGroup
from campaigns.models import ContentTheme
from channels.models import Channel

from .text import normalise

# Words of a content -> words of the channel's name they point to.
CHANNEL_WORDS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (
        ("dai truyen thanh", "truyen thanh", "loa truyen thanh", "phat thanh"),
        ("truyen thanh",),
    ),
    (("truyen hinh",), ("truyen hinh",)),
    (
        (
            "cong thong tin",
            "trang thong tin dien tu",
            "website",
            "cong ttdt",
            "trang ttdt",
        ),
        ("cong thong tin", "trang thong tin"),
    ),
    (("mang xa hoi", "facebook", "zalo", "fanpage", "tiktok"), ("mang xa hoi",)),
    (("phong su", "video", "clip"), ("phong su", "video")),
    (
        ("bao chi", "bao quang nam", "dang bao", "bao in", "bao dien tu", "tap chi"),
        ("bao chi",),
    ),
    (
        (
            "hoi nghi",
            "giao ban",
            "cuoc hop",
            "hop dinh ky",
            "sinh hoat",
            "toa dam",
            "doi thoai",
            "hoi thao",
            "tap huan",
        ),
        ("giao ban", "hoi nghi"),
    ),
    (
        ("pa no", "pano", "ap phich", "bang ron", "khau hieu", "tranh co dong"),
        ("pa no", "pano", "ap phich", "bang ron"),
    ),
    (("hoi thi", "cuoc thi", "thi tim hieu"), ("hoi thi", "cuoc thi")),
    (
        ("pho bien giao duc phap luat", "pbgdpl", "pho bien phap luat"),
        ("pho bien", "phap luat"),
    ),
)
# Words of a content -> words of the audience group's name.
AUDIENCE_WORDS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (
        ("can bo", "cong chuc", "vien chuc", "hoi nghi", "giao ban"),
        ("can bo", "cong chuc"),
    ),
    (
        ("nguoi dan", "nhan dan", "cong dan", "truyen thanh", "pa no"),
        ("nguoi dan", "nhan dan"),
    ),
    (("doanh nghiep",), ("doanh nghiep",)),
    (("to chuc xa hoi", "doan the"), ("to chuc xa hoi",)),
)


def _contains(text: str, word: str) -> int:
    """Position of ``word`` as whole words in ``text``, or -1."""
    match = re.search(rf"(?:^| ){re.escape(word)}(?: |$)", text)
    return match.start() if match else -1


@dataclass(frozen=True)
class Found:
    """An inferred value and where it came from (shown in the preview)."""

    value: Any
    source: str  # "content", "section", "choice", "default"


class Inference:
    """The plan's themes and the catalogues, keyed by words (loaded once)."""

    def __init__(
        self,
        themes: Iterable[ContentTheme],
        channels: Iterable[Channel],
        audiences: Iterable[AudienceGroup],
    ) -> None:
        self.themes = list(themes)
        self.channels = list(channels)
        self.audiences = list(audiences)
        self._channel_keys = [(normalise(c.name), c) for c in self.channels]
        self._audience_keys = [(normalise(a.name), a) for a in self.audiences]

    def _catalogue_hits(
        self,
        text: str,
        table: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...],
        keys: list[tuple[str, Any]],
    ) -> list[tuple[int, Any]]:
        """(position in text, item) for every item the text points to."""
        hits: dict[Any, int] = {}
        for name, item in keys:
            if len(name) >= 4 and (at := _contains(text, name)) >= 0:
                hits[item] = min(at, hits.get(item, at))
        for words, targets in table:
            positions = [at for word in words if (at := _contains(text, word)) >= 0]
            if not positions:
                continue
            for name, item in keys:
                if any(_contains(name, target) >= 0 for target in targets):
                    hits[item] = min(min(positions), hits.get(item, min(positions)))
                    break
        return sorted(((at, item) for item, at in hits.items()), key=lambda p: p[0])

    def channel(self, content: str, section: str) -> Found | None:
        """The channel the content names (first named wins, the section's
        breaks a tie), else the one the section names."""
        in_content = self._catalogue_hits(
            normalise(content), CHANNEL_WORDS, self._channel_keys
        )
        in_section = [
            item
            for _at, item in self._catalogue_hits(
                normalise(section), CHANNEL_WORDS, self._channel_keys
            )
        ]
        if in_content:
            for _at, item in in_content:
                if item in in_section:
                    return Found(item, "content")
            return Found(in_content[0][1], "content")
        if in_section:
            return Found(in_section[0], "section")
        return None

    def audiences_for(self, content: str, section: str) -> Found | None:
        for text, source in ((content, "content"), (section, "section")):
            hits = self._catalogue_hits(
                normalise(text), AUDIENCE_WORDS, self._audience_keys
            )
            if hits:
                return Found([item for _at, item in hits], source)
        return None

    def theme(self, content: str, section: str) -> Found | None:
        """A theme whose title the section or the content quotes."""
        for text, source in ((section, "section"), (content, "content")):
            key = normalise(text)
            if not key:
                continue
            for theme in self.themes:
                title = normalise(theme.title)
                if title and (title in key or (len(key) >= 12 and key in title)):
                    return Found(theme, source)
        return None
