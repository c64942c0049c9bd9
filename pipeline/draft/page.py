"""A report as a page: its header, its article and the furniture after it, and the dates the page prints.

* **Zones** (:func:`zones`): the header runs to the line that prints the article's date, when that line stands
  among the page's first lines (发布时间:2022-03-17, "2023-01-16 15:30 来源:…", "陇原政法网 2023年3月2日", a
  newspaper's "2023年6月12日 星期一 第03版"); with no such line, it holds the short lines before the first
  paragraph (a title, a document's number, a byline: short lines with no sentence in them), and the article starts
  with the first line that holds one. The
  furniture starts at the first line after the article's start that opens the page's own text
  (:data:`pipeline.draft.rules.FOOTER_STARTS`: 责任编辑, 相关新闻, 分享到, 主办, 版权所有 …).
* **Dates** (:data:`DATE`): a full date written 2023-10-26, 2023/10/26, 2023.10.26 or 2023年7月18日 (the
  working copy writes full-width digits as ASCII); a year in Chinese numerals (二〇二二年, a letter's signature).
* **A signature** (:func:`signature`): a line near the end of the article that holds only a date (a letter or a
  notice signed and dated), and a newspaper's dateline (本报深圳6月11日电).
"""

from __future__ import annotations

import re

from pipeline.draft import rules
from pipeline.draft.lines import Line

#: A full date: year, month and day, with one kind of separator.
DATE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?:年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日?|([-/.])([0-9]{1,2})\4"
                  r"([0-9]{1,2}))(?![0-9])")
#: A year in Chinese numerals (二〇二二年).
CN_YEAR = re.compile(r"([一二][〇零○一二三四五六七八九]{3})年")
_CN_DIGITS = str.maketrans("〇零○一二三四五六七八九", "00012345678" + "9")
#: A newspaper's dateline: 本报深圳6月11日电, (新华社北京3月1日电).
DATELINE = re.compile(r"[（(]?(?:本报|新华社|记者)?[^（()）]{0,8}?([0-9]{1,2})月([0-9]{1,2})日电[）)]?")


def ymd(match: re.Match[str]) -> tuple[int, int, int]:
    """The year, month and day of a :data:`DATE` match."""
    if match.group(2):
        return int(match.group(1)), int(match.group(2)), int(match.group(3))
    return int(match.group(1)), int(match.group(5)), int(match.group(6))


def iso(match: re.Match[str]) -> str | None:
    """A :data:`DATE` match as YYYY-MM-DD, or None when it is no calendar date."""
    year, month, day = ymd(match)
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None


def cn_year(text: str) -> int | None:
    """A year written in Chinese numerals (二〇二二年 → 2022), or None."""
    match = CN_YEAR.search(text)
    return int(match.group(1).translate(_CN_DIGITS)) if match else None


def _date_line(text: str) -> bool:
    """Whether a line of the page's head prints the article's date (short, no sentence of the article)."""
    match = DATE.search(text)
    if match is None or iso(match) is None:
        return False
    if any(w in text for w in rules.DATE_LINE_WORDS):
        return True
    return len(text) <= 60 and "。" not in text and not re.search(r"[，,]", text[:match.start()])


def zones(lines: list[Line]) -> tuple[int, int]:
    """(first line of the article, first line of the furniture after it), 1-based; the header is before."""
    footer = len(lines) + 1
    body_start = 1
    seen = 0
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        seen += 1
        if seen > 8 or (len(text) > 60 and "。" in text):
            break
        if _date_line(text):
            body_start = line.number + 1
            break
    if body_start == 1:  # no date line: the head is the short lines before the first paragraph
        for line in lines[:8]:
            text = line.text.strip()
            if len(text) > 40 or re.search(r"[。，,；;]", text):
                body_start = line.number
                break
    for line in lines:
        if line.number <= body_start:
            continue
        text = line.text.strip().lstrip("【[（(·•")
        if text.startswith(rules.FOOTER_STARTS) or text in ("相关新闻", "相关阅读"):
            footer = line.number
            break
    return body_start, footer


def signature(lines: list[Line], body: tuple[int, int]) -> dict[int, str]:
    """Lines of the article's end that date it: line → the date's words (a line that holds only a date, or one
    that holds only an organisation's name and a date, within the last three lines of the article; a dateline)."""
    out: dict[int, str] = {}
    article = [line for line in lines if body[0] <= line.number < body[1] and line.text.strip()]
    for line in article[-4:]:
        text = line.text.strip()
        match = DATE.search(text)
        if match is not None and iso(match) is not None and len(text) - len(match.group(0)) <= 20 \
                and "，" not in text and "。" not in text:
            out[line.number] = match.group(0)
        elif CN_YEAR.fullmatch(text.strip("　 ")):
            out[line.number] = text
    for line in article:
        match = DATELINE.search(line.text)
        if match is not None and "电" in match.group(0):
            out.setdefault(line.number, match.group(0))
    return out
