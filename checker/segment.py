"""CleanArticle -> Sentences with character offsets into the article.

pysbd (rule-based, with an abbreviation list: U.S., Gen., Feb., D.C.) splits each kept block. A
quotation that runs over several sentences is then re-joined with its attribution, so that
``"... positive. It is time to stop ...," Trump said.`` stays one comparable unit.

pysbd costs about 1 ms a sentence; with ``use_store(folder)`` the spans it finds in a block are kept in
``segments.sqlite3`` (next to the embedding cache), so a re-run over the same articles does not run it.
"""

from __future__ import annotations

import contextlib
import json
import re
from functools import lru_cache
from pathlib import Path

from checker import cache
from checker.cache import BlobStore, text_key
from checker.models import CleanArticle, Sentence

# Longest unit we keep whole; longer runs (a 1 MB line with no punctuation) are cut at whitespace.
MAX_SENTENCE_CHARS = 1500
# Longest block handed to pysbd at once, to keep its regexes fast on pathological input.
MAX_BLOCK_CHARS = 20000
# A quotation may join at most this many sentences.
MAX_QUOTE_SENTENCES = 8

_OPEN_QUOTES = "“«„"
_store: BlobStore | None = None
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


def use_store(folder: Path | None) -> None:
    """Keep pysbd's spans in ``folder/segments.sqlite3`` (None: do not keep them). Safe to call per set."""
    global _store
    _store = cache.reuse(_store, folder, "segments")


@lru_cache(maxsize=1)
def _namespace() -> str:
    from importlib.metadata import version

    # Bump the suffix when _pysbd_spans changes what it returns.
    return f"pysbd@{version('pysbd')}/spans-1"


def _blocks_spans(blocks: list[str]) -> list[list[tuple[int, int]]]:
    """``_pysbd_spans(block, 0)`` of each block, read from the store when kept there."""
    if _store is None:
        return [_pysbd_spans(block, 0) for block in blocks]
    keys = [text_key(_namespace(), block) for block in blocks]
    try:
        stored = _store.get_many(keys)
    except Exception:  # noqa: BLE001 - an unreadable cache only makes the run slower
        stored = {}
    result: list[list[tuple[int, int]]] = []
    new: dict[bytes, bytes] = {}
    for key, block in zip(keys, blocks, strict=True):
        spans = None
        if key in stored:
            try:
                spans = [(int(start), int(end)) for start, end in json.loads(stored[key])]
            except Exception:  # noqa: BLE001 - a damaged entry is computed again
                spans = None
        if spans is None:
            spans = _pysbd_spans(block, 0)
            new[key] = json.dumps(spans).encode()
        result.append(spans)
    if new:
        with contextlib.suppress(Exception):  # the spans are computed; keeping them is a bonus
            _store.put_many(new.items())
    return result


# A block pysbd always keeps whole: no sentence-ending mark before its end, no quotation marks,
# parentheses or brackets (pysbd splits some of those). 0 of 9,470 such GVA/AllSides blocks differ.
_ONE_SENTENCE = re.compile(r"[^.!?…\n\r\"“”‘«»()\[\]]*[.!?]?\s*")


def _pysbd_spans(text: str, offset: int) -> list[tuple[int, int]]:
    """Sentence spans of one block, located in the block by search (pysbd keeps the text unchanged)."""
    if _ONE_SENTENCE.fullmatch(text) and "''" not in text:
        lead = len(text) - len(text.lstrip())
        body = text.strip()
        return [(offset + lead, offset + lead + len(body))] if body else []
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in _pysbd_sentences(text):
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


def _pysbd_sentences(text: str) -> list[str]:
    """What ``_segmenter().segment(text)`` returns: pysbd's sentences, each with the whitespace after it.

    pysbd finds each sentence in the text through a pattern made of it (``sentences_with_char_spans``): a
    regex compiled per sentence, about a third of its time here. A literal search finds the same
    places: the first occurrence of the sentence, with the whitespace after it, that ends after the
    previous one; a sentence not found is left out, as pysbd does.
    """
    if not text:
        return []
    segmenter = _segmenter()
    sentences = segmenter.processor(text).process()
    if not all(isinstance(sentence, str) and sentence for sentence in sentences):
        return [str(piece) for piece in segmenter.segment(text)]  # pysbd's own search for odd pieces
    found: list[str] = []
    prior = 0
    for sentence in sentences:
        position = 0
        while (start := text.find(sentence, position)) >= 0:
            end = start + len(sentence)
            while end < len(text) and text[end].isspace():  # the pattern's trailing \s*
                end += 1
            if end > prior:
                found.append(text[start:end])
                prior = end
                break
            position = end
    return found


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
    pieces = [
        _split_long(text[block_start:block_end], block_start, MAX_BLOCK_CHARS)
        for block_start, block_end in clean_article.spans
    ]
    found = iter(_blocks_spans([text[start:end] for paragraph in pieces for start, end in paragraph]))
    for paragraph, paragraph_pieces in enumerate(pieces):
        spans: list[tuple[int, int]] = []
        for piece_start, _ in paragraph_pieces:
            spans.extend((piece_start + start, piece_start + end) for start, end in next(found))
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
