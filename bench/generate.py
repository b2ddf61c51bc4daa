"""Write a synthetic dataset in the hishers format: deterministic for a seed.

    python bench/generate.py --facts 20000 --episodes 1000 --characters 400 \
        > big.yaml

`facts` counts stamped facts the way the gate sees them (one per series fact,
credit, summary, character name, casting, bio stage, relationship, ending
point, book difference and timeline event)."""

from __future__ import annotations

import argparse
import json
import random
import sys

WORDS = [
    "river",
    "town",
    "detective",
    "reporter",
    "mother",
    "husband",
    "secret",
    "night",
    "woods",
    "lake",
    "house",
    "letter",
    "camera",
    "anchor",
    "station",
    "school",
    "party",
    "fire",
    "storm",
    "church",
    "road",
    "diner",
    "motel",
    "chapel",
    "bridge",
    "mill",
    "orchard",
]


def _text(rng: random.Random, words: int) -> str:
    return json.dumps(" ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + ".")


def generate(facts: int, episodes: int, characters: int, seed: int = 1) -> str:
    """The YAML text of one dataset with exactly `facts` stamped facts."""
    fixed = 5 + 5 + 10 + 5  # series facts, credits, ending points, book differences
    rest = facts - fixed - episodes - 2 * characters
    if rest < 0:
        raise ValueError("too few facts for that many episodes and characters")
    rng = random.Random(seed)
    out = [
        "schema: 1",
        "sources:",
        "  - {id: synthetic, title: Synthetic data, date: 2026-01-01, file: none.txt}",
        "series:",
        "  title: Synthetic Soap",
        f"  episodes: {episodes}",
        "  facts:",
    ]
    src = "sources: [synthetic]"
    for i in range(5):
        out.append(f"    - {{topic: topic{i}, text: {_text(rng, 8)}, known_from: 0, {src}}}")
    out.append("  credits:")
    for i in range(5):
        out.append(f"    - {{name: Crew Member {i}, roles: [writer], known_from: 0, {src}}}")

    known = [rng.randint(0, episodes) for _ in range(characters)]
    known[:5] = [0] * min(5, characters)
    introduced: dict[int, list[int]] = {}
    for i, n in enumerate(known):
        introduced.setdefault(n, []).append(i)
    out.append("episodes:")
    for n in range(1, episodes + 1):
        # A character stamped with an episode is introduced there, so that
        # episode lists them (`validate` checks it).
        seen = [i for i in rng.sample(range(characters), min(5, characters)) if known[i] <= n]
        cast = [f"c{i}" for i in dict.fromkeys(seen + introduced.get(n, []))]
        out += [
            f"  - number: {n}",
            "    title: null",
            "    runtime_minutes: 45",
            "    known_from: 0",
            f"    {src}",
            f"    summary: {{known_from: {n}, {src}, text: {_text(rng, 40)}}}",
            f"    appearances: [{', '.join(cast)}]",
        ]

    bios, relationships = rest // 2, rest // 4
    events = rest - bios - relationships
    stages: list[list[str]] = [[] for _ in range(characters)]
    for _ in range(bios):
        i = rng.randrange(characters)
        stages[i].append(f"      - {{known_from: {rng.randint(known[i], episodes)}, {src}, text: {_text(rng, 25)}}}")
    out.append("characters:")
    for i in range(characters):
        out += [
            f"  - id: c{i}",
            f"    name: Person{i} Family{i % 97}",
            f"    known_from: {known[i]}",
            f"    {src}",
            "    cast:",
            f"      - {{actor: Actor{i} Stage{i % 89}, known_from: {known[i]}, known_for: [], {src}}}",
        ]
        if stages[i]:
            out.append("    bio:")
            out += stages[i]
    out.append("relationships:")
    for _ in range(relationships):
        a, b = rng.sample(range(characters), 2)
        stamp = rng.randint(max(known[a], known[b]), episodes)
        out.append(f"  - {{between: [c{a}, c{b}], kind: friends, text: {_text(rng, 12)}, known_from: {stamp}, {src}}}")
    out.append("ending:")
    for i in range(10):
        out += [
            f"  - topic: point{i}",
            f"    question: {_text(rng, 6)}",
            f"    known_from: {episodes}",
            f"    accounts: [{{source: synthetic, text: {_text(rng, 20)}}}]",
        ]
    out.append("book_differences:")
    for i in range(5):
        out.append(f"  - {{topic: diff{i}, text: {_text(rng, 15)}, known_from: {episodes}, {src}}}")
    out.append("events:")
    for i in range(events):
        lane = "past" if i % 3 == 0 else "present"
        out.append(
            f"  - {{lane: {lane}, order: {i}, text: {_text(rng, 15)}, known_from: {rng.randint(0, episodes)}, {src}}}"
        )
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=20_000)
    parser.add_argument("--episodes", type=int, default=1_000)
    parser.add_argument("--characters", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    sys.stdout.write(generate(args.facts, args.episodes, args.characters, args.seed))


if __name__ == "__main__":
    main()
