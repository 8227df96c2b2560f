"""How every benchmark prints its figures: one aligned line each, with its target."""

from __future__ import annotations


def print_figures(figures: dict[str, str], targets: dict[str, str]) -> None:
    width = max(map(len, figures))
    for name, value in figures.items():
        target = f"   (target {targets[name]})" if name in targets else ""
        print(f"{name:<{width}}  {value}{target}")
