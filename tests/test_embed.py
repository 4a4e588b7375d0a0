"""Embed: the packaged weights, offline loading, and the on-disk cache."""

from __future__ import annotations

import hashlib
import socket
import sqlite3

import numpy as np
import pytest

from checker.embed import MODEL_SHA256, CachedEmbedder, SentenceTransformerEmbedder, model_path


def test_packaged_weights_match_the_known_sha256() -> None:
    weights = model_path() / "model.safetensors"
    digest = hashlib.sha256(weights.read_bytes()).hexdigest()
    assert digest == MODEL_SHA256


def test_cache_encodes_each_text_once_across_runs(tmp_path, fake_embedder) -> None:
    first = CachedEmbedder(fake_embedder, tmp_path)
    vectors = first.encode(["alpha beta", "gamma", "alpha beta"])
    assert fake_embedder.calls == [2]
    first.close()
    second = CachedEmbedder(fake_embedder, tmp_path)
    again = second.encode(["gamma", "alpha beta"])
    assert fake_embedder.calls == [2]  # nothing encoded again
    assert second.hits == 2
    np.testing.assert_array_equal(again, vectors[[1, 0]])


def test_cache_is_keyed_by_model_name(tmp_path, fake_embedder) -> None:
    CachedEmbedder(fake_embedder, tmp_path).encode(["alpha"])
    fake_embedder.name = "another-model"
    CachedEmbedder(fake_embedder, tmp_path).encode(["alpha"])
    assert fake_embedder.calls == [1, 1]


def test_a_corrupt_cache_file_is_set_aside_and_rebuilt(tmp_path, fake_embedder, caplog) -> None:
    (tmp_path / "embeddings.sqlite3").write_bytes(b"this is not a database" * 100)
    cache = CachedEmbedder(fake_embedder, tmp_path)
    vectors = cache.encode(["alpha"])
    assert vectors.shape == (1, 384)
    assert any(path.name.startswith("embeddings.sqlite3.corrupt-") for path in tmp_path.iterdir())
    assert "unreadable" in caplog.text
    with sqlite3.connect(tmp_path / "embeddings.sqlite3") as connection:
        assert connection.execute("SELECT count(*) FROM vectors").fetchone() == (1,)


@pytest.mark.model
def test_real_model_loads_with_the_network_blocked_and_ranks_paraphrases(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    embedder = SentenceTransformerEmbedder()
    vectors = embedder.encode(
        [
            "Ten people were killed when a fire broke out in the factory.",
            "A factory fire left ten people dead.",
            "The central bank raised interest rates on Tuesday.",
        ]
    )
    assert vectors.shape == (3, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > 0.6 > vectors[0] @ vectors[2]
