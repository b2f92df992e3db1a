"""Fuzz tests: print how many inputs each target was tried with, after any run."""

from __future__ import annotations

from typing import Any

from _fuzz import COUNTS, OUTCOMES, PROFILE


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not COUNTS:
        return
    terminalreporter.write_sep("-", f"fuzz inputs tried (hypothesis profile {PROFILE!r})")
    width = max(map(len, COUNTS))
    for target, count in sorted(COUNTS.items()):
        ends = ", ".join(f"{outcome} {n}" for outcome, n in OUTCOMES[target].most_common(6))
        terminalreporter.write_line(f"{target:<{width}}  {count:>7,}  ({ends})")
    terminalreporter.write_line(f"{'total':<{width}}  {sum(COUNTS.values()):>7,}")
