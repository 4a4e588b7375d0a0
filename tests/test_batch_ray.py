"""The Ray engine on a local Ray instance (2 CPUs) gives the local engine's findings."""

from __future__ import annotations

import json

import pytest

ray = pytest.importorskip("ray", reason='the ray engine needs Ray: pip install "checker[ray]"')

import conftest  # noqa: E402
from test_batch import SETS, run, write_sets  # noqa: E402


@pytest.fixture(scope="module")
def local_ray():
    # Actors must rebuild the test-only fake embedder: ship its module by value, not by import name.
    ray.cloudpickle.register_pickle_by_value(conftest)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()


def _comparable(path):  # type: ignore[no-untyped-def]
    document = json.loads(path.read_text(encoding="utf-8"))
    document["generator"].pop("generated")  # volatile (and equal here anyway)
    return document


def test_ray_and_local_engines_give_identical_findings(tmp_path, local_ray) -> None:
    sets = write_sets(tmp_path / "in", {**SETS, "broken": {"a.txt": b"%PDF-1.4"}})
    local = run(sets, tmp_path / "local", engine="local")
    distributed = run(sets, tmp_path / "ray", engine="ray", workers=2, chunk_size=1)
    assert distributed.engine == "ray"
    assert [(o.set_id, o.ok, o.error) for o in distributed.outcomes] == [
        (o.set_id, o.ok, o.error) for o in local.outcomes
    ]
    for name in SETS:
        assert _comparable(tmp_path / "ray" / name / "findings.json") == _comparable(
            tmp_path / "local" / name / "findings.json"
        )
    assert (tmp_path / "ray" / "summary.csv").read_text().count("\n") == (
        tmp_path / "local" / "summary.csv"
    ).read_text().count("\n")
