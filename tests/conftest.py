"""Shared fixtures: a deterministic fake embedder, small article sets, the bundled set."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_SET = ROOT / "data" / "ukraine-talks-2025-02-12"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


class FakeEmbedder:
    """Bag-of-words hashed into 384 dimensions: texts sharing words get similar vectors.

    Deterministic and instant, so stage tests need no model; similarity still behaves like
    similarity (identical texts 1.0, unrelated texts near 0).
    """

    name = "fake-bow-384"

    def __init__(self) -> None:
        self.calls: list[int] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(len(texts))
        vectors = np.zeros((len(texts), 384), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                digest = hashlib.sha256(word.encode()).digest()
                vectors[row, int.from_bytes(digest[:4], "little") % 384] += 1.0
            norm = np.linalg.norm(vectors[row])
            if norm:
                vectors[row] /= norm
        return vectors


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def write_set(tmp_path: Path):
    """Write {file name: text or bytes} into a fresh set folder and return its path."""

    def write(files: dict[str, str | bytes], name: str = "set") -> Path:
        folder = tmp_path / name
        folder.mkdir(parents=True, exist_ok=True)
        for file_name, content in files.items():
            target = folder / file_name
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        return folder

    return write


@pytest.fixture(autouse=True)
def _no_shared_stores():
    """Stages keep parses and sentence spans on disk when a run gives a cache folder: forget it after each test."""
    yield
    from checker import segment
    from checker.facts import nlp

    nlp.use_store(None)
    segment.use_store(None)
