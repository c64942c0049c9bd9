"""One raw line as a tree of marked spans: claim and honour quotes, and the ledger's numbers.

Quotes may overlap (two claims sharing words, an honour inside another's sentence).
HTML elements can only nest, so a span that crosses the end of another is split
into pieces; every piece carries the span's key, only the first carries its id,
and the pieces in document order spell the span's text exactly. The line's text
is never altered: the concatenated text of the tree is the raw line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: Quotes open outside (before) numbers that start and end at the same places.
RANK = {"claim": 0, "honor": 0, "mention": 1}


@dataclass(frozen=True)
class Span:
    """A marked stretch of a line: ``kind`` is claim, honor or mention; ``key`` its id."""

    start: int
    end: int
    kind: str
    key: str
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def order(self) -> tuple[int, int, int, str]:
        """Outer spans first: the one ending last, then starting first, then quotes before numbers."""
        return (-self.end, self.start, RANK[self.kind], self.key)


@dataclass
class Text:
    """A run of raw text; ``hans`` is its simplified-script copy when that differs (display only)."""

    text: str
    hans: str | None = None
    kind: str = "text"


@dataclass
class Piece:
    """One element of a span: the whole span, or a part of it when it had to be split."""

    span: Span
    first: bool
    children: list[Piece | Text | Ref] = field(default_factory=list)
    kind: str = "piece"


@dataclass
class Ref:
    """The link placed right after a quote's last character, to the quote's claim or honour."""

    span: Span
    kind: str = "ref"


Node = Piece | Text | Ref


def mark_line(line: str, spans: list[Span], simplify: Callable[[str], str] | None = None) -> list[Node]:
    """The line as nodes: text runs inside nested pieces of the spans; a Ref after each quote.

    ``simplify`` (for traditional-script sources) gives each text run a simplified copy.
    """
    for span in spans:
        if not 0 <= span.start < span.end <= len(line):
            raise ValueError(f"{span.kind} {span.key}: [{span.start}, {span.end}) is outside a line of {len(line)}")
    root: list[Node] = []
    stack: list[Piece] = []
    started: set[Span] = set()

    def container() -> list[Node]:
        return stack[-1].children if stack else root

    def close_to(depth: int, at: int) -> None:
        """Close the pieces above ``depth``; a quote that ends at ``at`` gets its Ref after it.

        A closed span that goes on past ``at`` is reopened by the caller as a new piece.
        """
        while len(stack) > depth:
            piece = stack.pop()
            if piece.span.end <= at and piece.span.kind != "mention":
                container().append(Ref(piece.span))

    cuts = sorted({0, len(line)} | {s.start for s in spans} | {s.end for s in spans})
    for a, b in zip(cuts, cuts[1:], strict=False):
        active = {s for s in spans if s.start <= a and b <= s.end}
        depth = next((i for i, piece in enumerate(stack) if piece.span not in active), len(stack))
        close_to(depth, a)
        for span in sorted(active - {piece.span for piece in stack}, key=Span.order):
            piece = Piece(span, first=span not in started)
            started.add(span)
            container().append(piece)
            stack.append(piece)
        run = line[a:b]
        hans = simplify(run) if simplify else None
        container().append(Text(run, hans if hans != run else None))
    close_to(0, len(line))
    return root


def plain_text(nodes: list[Node]) -> str:
    """The text of a node tree (for checks): equals the raw line."""
    out = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, Piece):
            out.append(plain_text(node.children))
    return "".join(out)
