"""Helpers of the printed documents' templates."""

import re

from django import template

register = template.Library()

# Where a Chinese congress's or session's name may break: after 中国共产党, and before each
# ordinal (第十五次代表大会, 第五次会议); the place's name between them stays whole.
PART_BREAK = re.compile(r"(?<=中国共产党)|(?=第[0-9一二三四五六七八九十百零〇]+[届次])")


@register.filter
def title_parts(name: str) -> list[str]:
    """The name in the parts a line may break between: "中国共产党临江市城关镇第十五次代表大会
    第五次会议" → ["中国共产党", "临江市城关镇", "第十五次代表大会", "第五次会议"]. A name
    written otherwise (an English one) is one part, which breaks between its words."""
    return [part for part in PART_BREAK.split(name) if part]


@register.filter
def paragraphs(text: str) -> list[str]:
    """A text typed with line breaks, as the paragraphs an official document indents: one
    per line, blank lines dropped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
