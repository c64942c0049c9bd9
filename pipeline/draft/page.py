"""A report as a page: its header, its article and the furniture after it, and the dates the page prints.

* **Zones** (:func:`zones`): the header runs to the line that prints the article's date, when that line stands
  among the page's first lines, before the first sentence (发布时间:2022-03-17, "2023-01-16 15:30 来源:…",
  "陇原政法网 2023年3月2日", a newspaper's "2023年6月12日 星期一 第03版"); with no such line, it holds the short
  lines before the first paragraph (a title, a document's number, a byline: short lines with no sentence in
  them), and the article starts with the first line that holds one. The furniture starts at the first line after
  the article's start that opens the page's own text (:data:`pipeline.draft.rules.FOOTER_STARTS`: 责任编辑,
  相关新闻, 分享到, 主办, 版权所有 …).
* **Dates** (:func:`page_dates`): a full date written 2023-10-26, 2024-1-5, 2023/10/26, 2023.10.26 or
  2023年7月18日 (:data:`DATE`; the working copy writes full-width digits as ASCII), or in Chinese numerals
  (二〇二四年一月五日, read with cn2an); a month and year only (2024年1月, 2024-01, 2024/01, 二〇二四年一月): the
  year and the month are known, the day is not; a year in Chinese numerals (二〇二二年, a letter's signature).
  A header line prints the article's date when it holds a full date, or any date after a date word
  (发布时间：2024年1月, 日期：, 来源：…　时间：…), or only a date.
* **A signature** (:func:`signature`): a line near the end of the article that holds only a date, or an
  organisation's name and a date that ends the line (a letter or a notice signed and dated: …法院　2024年1月), and a
  newspaper's dateline (本报深圳6月11日电).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cn2an

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


#: A month and year with no day (2024年1月, 2024-01, 2024/01, 2024.01).
MONTH = re.compile(r"(?<![0-9.])((?:19|20)[0-9]{2})"
                   r"(?:年\s*([0-9]{1,2})\s*月(?!\s*[0-9]{1,2}\s*[日号])|([-/.])([0-9]{1,2}))(?![0-9]|[-/.][0-9])")
#: A date in Chinese numerals: a year digit by digit, then a month and a day in numerals (二〇二四年一月五日,
#: 二〇二三年十二月).
CN_DATE = re.compile(r"([一二][〇零○一二三四五六七八九]{3})年([一二三四五六七八九十]{1,2})月"
                     r"(?:([一二三四五六七八九十]{1,3})[日号])?")


@dataclass(frozen=True)
class PageDate:
    """A date the page prints: its year, and its month and day where it gives them, and where it stands."""

    year: int
    month: int | None
    day: int | None
    start: int
    end: int

    @property
    def iso(self) -> str | None:
        """YYYY-MM-DD when the day is known, else None."""
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}" if self.day is not None and self.month else None

    @property
    def known(self) -> str:
        """As far as the page gives it: YYYY-MM-DD, YYYY-MM or YYYY."""
        if self.iso:
            return self.iso
        return f"{self.year:04d}-{self.month:02d}" if self.month else f"{self.year:04d}"


def _cn_number(text: str | None) -> int | None:
    if not text:
        return None
    try:
        return int(cn2an.cn2an(text, "normal"))
    except ValueError:
        return None


def page_dates(text: str) -> list[PageDate]:
    """Every date of a working line (:class:`pipeline.draft.lines.Line` text), left to right, none overlapping: full
    dates, in Arabic or Chinese numerals, before a month and year (rules in the module docstring); a month or day
    out of the calendar is no date."""
    found: list[PageDate] = []

    def add(year: int, month: int | None, day: int | None, start: int, end: int) -> None:
        if (month is not None and not 1 <= month <= 12) or (day is not None and not 1 <= day <= 31):
            return
        if not any(d.start < end and start < d.end for d in found):
            found.append(PageDate(year, month, day, start, end))

    for match in DATE.finditer(text):
        add(*ymd(match), match.start(), match.end())
    for match in CN_DATE.finditer(text):
        add(int(match.group(1).translate(_CN_DIGITS)), _cn_number(match.group(2)), _cn_number(match.group(3)),
            match.start(), match.end())
    for match in MONTH.finditer(text):
        add(int(match.group(1)), int(match.group(2) or match.group(4)), None, match.start(), match.end())
    return sorted(found, key=lambda d: d.start)


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


def header_date(text: str) -> PageDate | None:
    """The article's date, if a line of the page's head prints it (short, no sentence of the article): a full date,
    or any date after a date word (发布时间：2024年1月), or a line that holds only a date; else None."""
    dates = page_dates(text)
    if not dates:
        return None
    worded = [d for d in dates if any(w in text[:d.start] for w in rules.DATE_LINE_WORDS)]
    if worded:
        return worded[0]
    date = dates[0]
    if date.iso is None:  # a month alone is the page's date only when it is all the line says (2024年1月 第3期: no)
        rest = (text[:date.start] + text[date.end:]).strip(" 　")
        return date if not rest or re.fullmatch(r"星期.|周.", rest) else None
    if len(text) <= 60 and "。" not in text and not re.search(r"[，,]", text[:date.start]):
        return date
    return None


def _date_line(text: str) -> bool:
    """Whether a line of the page's head prints the article's date (:func:`header_date`)."""
    return header_date(text) is not None


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
        if seen > 8:
            break
        if _date_line(text):
            body_start = line.number + 1
            break
        if "。" in text:  # the first paragraph: a date after it is the article's own (a letter's signature)
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
        dates = page_dates(text)
        date = dates[-1] if dates else None
        if date is not None and len(text) - (date.end - date.start) <= 20 and "，" not in text and "。" not in text \
                and (date.iso is not None or not text[date.end:].strip(" 　")) \
                and not re.match(rules.ORDINAL_OPENERS, text):
            out[line.number] = text[date.start:date.end]  # a letter's date, at the end of its signature
        elif CN_YEAR.fullmatch(text.strip("　 ")):
            out[line.number] = text
    for line in article:
        match = DATELINE.search(line.text)
        if match is not None and "电" in match.group(0):
            out.setdefault(line.number, match.group(0))
    return out
