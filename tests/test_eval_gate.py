"""The eval gate: every extractor's score on public gold data stays at or above its floor.

Floors live in one file, ``eval_floors.toml``; they may only rise.
"""

from __future__ import annotations

import importlib
import subprocess
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
FLOORS_FILE = ROOT / "eval_floors.toml"
SHARED_DATA = ROOT.parent / "shared" / "data"
FLOORS: dict[str, dict[str, Any]] = tomllib.loads(FLOORS_FILE.read_text(encoding="utf-8"))


@cache
def scores(name: str) -> dict[str, Any]:
    wanted = FLOORS[name]["data"]
    paths = [SHARED_DATA / p for p in ([wanted] if isinstance(wanted, str) else wanted)]
    missing = [p for p in paths if not p.exists()]
    if missing:
        pytest.skip(f"../shared/data is not beside this checkout ({missing[0]} missing)")
    module = importlib.import_module(f"backchannel.eval.{name}")
    return module.evaluate(str(paths[0]) if len(paths) == 1 else [str(p) for p in paths])


def lookup(result: dict[str, Any], dotted: str) -> float:
    value: Any = result
    for part in dotted.split("."):
        value = value[part]
    return float(value)


CASES = [(name, key) for name, table in FLOORS.items() for key in table.get("floors", {})]
CEILING_CASES = [(name, key) for name, table in FLOORS.items() for key in table.get("ceilings", {})]


@pytest.mark.parametrize(("name", "key"), CASES, ids=[f"{n}:{k}" for n, k in CASES])
def test_score_at_or_above_floor(name: str, key: str) -> None:
    floor = FLOORS[name]["floors"][key]
    score = lookup(scores(name), key)
    assert score >= floor, f"{name} {key} = {score:.4f} fell below its floor {floor}"


@pytest.mark.parametrize(("name", "key"), CEILING_CASES, ids=[f"{n}:{k}" for n, k in CEILING_CASES])
def test_error_rate_at_or_below_ceiling(name: str, key: str) -> None:
    ceiling = FLOORS[name]["ceilings"][key]
    score = lookup(scores(name), key)
    assert score <= ceiling, f"{name} {key} = {score:.4f} rose above its ceiling {ceiling}"


def _previous_floors() -> dict[str, dict[str, Any]] | None:
    """The floors file as of the last commit that changed it before HEAD's version."""
    try:
        revs = subprocess.run(
            ["git", "log", "--format=%H", "--", FLOORS_FILE.name],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        committed = subprocess.run(
            ["git", "show", f"HEAD:{FLOORS_FILE.name}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    # If the working copy differs from HEAD, HEAD's version is the previous one.
    if committed != FLOORS_FILE.read_text(encoding="utf-8"):
        return tomllib.loads(committed)
    if len(revs) < 2:
        return None
    older = subprocess.run(
        ["git", "show", f"{revs[1]}:{FLOORS_FILE.name}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return tomllib.loads(older) if older else None


def test_floors_only_go_up() -> None:
    previous = _previous_floors()
    if previous is None:
        pytest.skip("no earlier version of eval_floors.toml in git history to compare with")
    for name, table in previous.items():
        for key, old in table.get("floors", {}).items():
            new = FLOORS.get(name, {}).get("floors", {}).get(key)
            assert new is not None, f"floor {name} {key} was removed"
            assert new >= old, f"floor {name} {key} went down: {old} -> {new}"
        for key, old in table.get("ceilings", {}).items():
            new = FLOORS.get(name, {}).get("ceilings", {}).get(key)
            assert new is not None, f"ceiling {name} {key} was removed"
            assert new <= old, f"ceiling {name} {key} went up: {old} -> {new}"
