"""CleanArticle -> Sentences with character offsets into the article.

pysbd (rule-based, with an abbreviation list: U.S., Gen., Feb., D.C.) splits each kept block. A
quotation that runs over several sentences is then re-joined with its attribution, so that
``"... positive. It is time to stop ...," Trump said.`` stays one comparable unit.
"""

from __future__ import annotations

import re
from functools import lru_cache

from checker.models import CleanArticle, Sentence

# Longest unit we keep whole; longer runs (a 1 MB line with no punctuation) are cut at whitespace.
MAX_SENTENCE_CHARS = 1500
# Longest block handed to pysbd at once, to keep its regexes fast on pathological input.
MAX_BLOCK_CHARS = 20000
# A quotation may join at most this many sentences.
MAX_QUOTE_SENTENCES = 8

_OPEN_QUOTES = "“«„"
_CLOSE_QUOTES = "”»"


@lru_cache(maxsize=1)
def _segmenter():  # type: ignore[no-untyped-def]
    import pysbd

    # pysbd compiles many pattern strings on each call, more than the re module's default cache keeps
    # (512): a larger cache made segmenting 37% faster on GVA sets (bench/speed.py --profile).
    re._MAXCACHE = max(re._MAXCACHE, 8192)  # type: ignore[attr-defined]
    return pysbd.Segmenter(language="en", clean=False)


def _split_long(text: str, start: int, limit: int) -> list[tuple[int, int]]:
    """Cut [start, start+len(text)) into pieces of at most ``limit`` chars, at whitespace where possible."""
    pieces: list[tuple[int, int]] = []
    position = 0
    while len(text) - position > limit:
        cut = text.rfind(" ", position + limit // 2, position + limit)
        if cut <= position:
            cut = position + limit
        pieces.append((start + position, start + cut))
        position = cut
    pieces.append((start + position, start + len(text)))
    return pieces


def _pysbd_spans(text: str, offset: int) -> list[tuple[int, int]]:
    """Sentence spans of one block, located in the block by search (pysbd keeps the text unchanged)."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in _segmenter().segment(text):
        stripped = piece.strip()
        if not stripped:
            continue
        found = text.find(stripped, cursor)
        if found < 0:
            # pysbd altered the text (it should not with clean=False): keep the rest as one unit.
            rest = text[cursor:]
            lead = len(rest) - len(rest.lstrip())
            if rest.strip():
                spans.append((offset + cursor + lead, offset + cursor + len(rest.rstrip())))
            return spans
        spans.append((offset + found, offset + found + len(stripped)))
        cursor = found + len(stripped)
    return spans


def _quote_balance(text: str) -> int:
    """Open double quotes left unclosed in text: curly quotes counted by side, straight ones by parity."""
    curly = sum(text.count(char) for char in _OPEN_QUOTES) - sum(text.count(char) for char in _CLOSE_QUOTES)
    straight = text.count('"') % 2
    return max(curly, 0) + straight


def _join_quotes(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join consecutive spans while a double quotation opened in them is still open."""
    joined: list[tuple[int, int]] = []
    index = 0
    while index < len(spans):
        start, end = spans[index]
        count = 1
        while (
            index + 1 < len(spans)
            and count < MAX_QUOTE_SENTENCES
            and _quote_balance(text[start:end]) > 0
            and end - start < MAX_SENTENCE_CHARS
        ):
            index += 1
            count += 1
            end = spans[index][1]
        joined.append((start, end))
        index += 1
    return joined


def segment(clean_article: CleanArticle) -> tuple[Sentence, ...]:
    """The article's comparable sentences, in order, each with ``text == article.text[start:end]``."""
    text = clean_article.article.text
    source = clean_article.article.source.id
    sentences: list[Sentence] = []
    for paragraph, (block_start, block_end) in enumerate(clean_article.spans):
        spans: list[tuple[int, int]] = []
        for piece_start, piece_end in _split_long(text[block_start:block_end], block_start, MAX_BLOCK_CHARS):
            spans.extend(_pysbd_spans(text[piece_start:piece_end], piece_start))
        for start, end in _join_quotes(text, spans):
            for piece_start, piece_end in _split_long(text[start:end], start, MAX_SENTENCE_CHARS):
                piece = text[piece_start:piece_end]
                lead = len(piece) - len(piece.lstrip())
                trail = len(piece) - len(piece.rstrip())
                piece_start, piece_end = piece_start + lead, piece_end - trail
                if piece_end <= piece_start or not re.search(r"\w", text[piece_start:piece_end]):
                    continue
                sentences.append(
                    Sentence(
                        source=source,
                        index=len(sentences),
                        start=piece_start,
                        end=piece_end,
                        text=text[piece_start:piece_end],
                        paragraph=paragraph,
                    )
                )
    return tuple(sentences)
