"""Surface-cue players: scripted players who pick a choice by how its text looks.

A scenario teaches the skill, not the script, when no rule of thumb about
the look of a choice beats it. Each cue player sees only what a player sees,
the texts of the offered choices in order (never tactics, ids, meters or
feedback), and picks one:

    first              the first choice
    last               the last choice
    longest            the longest text (the first of equals)
    shortest           the shortest text (the first of equals)
    longest-question   the longest text ending in "?" (else the longest)
    first-question     the first text ending in "?" (else the first)
    competitor         the first text naming a competitor in words
                       ("competitor", "someone else", "another supplier", ...; else the first)
    you-words          the text with the most "you" words (you, your, yours, you're, ...)

`scenario_cues` plays each chosen cue player once in every world of a
scenario and a seeded random player `runs` times in every world, and gives
each one's stars averaged over the worlds by their weights. It also walks
every reachable decision (information state of the secure analysis) whose
secure best is at least 1 star and where exactly one offered choice keeps
it, and counts how often that choice is strictly the longest text and how
often it ends in "?". `LibraryCues` sums scenarios up.
"""

from __future__ import annotations

import random
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from trainer.engine import Engine, Offer, PlayState
from trainer.loader import LoadedScenario
from trainer.policies import MAX_PLAY_STEPS, Policy, play_out, random_policy
from trainer.secure import SecureAnalysis

CuePick = Callable[[Sequence[str]], int]
"""Picks a 0-based position among the offered choices' texts."""

RANDOM = "random"
"""The name random play is reported under, beside the cue players."""

_CLOSERS = "\"'\u201d\u2019)]"
_YOU = re.compile(r"\byou(?:r|rs|rself|rselves|['\u2019](?:re|ve|ll|d))?\b", re.IGNORECASE)
_COMPETITOR = re.compile(
    r"\b(?:competitors?|competition|rivals?|alternatives?|someone else|somebody else|elsewhere"
    r"|(?:another|other) (?:vendors?|suppliers?|providers?|firms?|companies|company|agenc(?:y|ies)"
    r"|tools?|platforms?|products?|options?|brands?|shops?))\b",
    re.IGNORECASE,
)


def is_question(text: str) -> bool:
    """The text ends in "?" (closing quotes and brackets aside)."""
    return text.rstrip().rstrip(_CLOSERS).endswith("?")


def you_words(text: str) -> int:
    return len(_YOU.findall(text))


def names_competitor(text: str) -> bool:
    return _COMPETITOR.search(text) is not None


def _first_of_most(texts: Sequence[str], score: Callable[[str], float]) -> int:
    best = max(score(t) for t in texts)
    return next(i for i, t in enumerate(texts) if score(t) == best)


def _longest(texts: Sequence[str]) -> int:
    return _first_of_most(texts, len)


def _first_where(test: Callable[[str], bool], otherwise: CuePick) -> CuePick:
    def pick(texts: Sequence[str]) -> int:
        for i, text in enumerate(texts):
            if test(text):
                return i
        return otherwise(texts)

    return pick


def _longest_question(texts: Sequence[str]) -> int:
    asked = [i for i, t in enumerate(texts) if is_question(t)]
    if not asked:
        return _longest(texts)
    return max(asked, key=lambda i: (len(texts[i]), -i))


CUE_PLAYERS: dict[str, tuple[CuePick, str]] = {
    "first": (lambda texts: 0, "the first choice"),
    "last": (lambda texts: len(texts) - 1, "the last choice"),
    "longest": (_longest, "the longest text"),
    "shortest": (lambda texts: _first_of_most(texts, lambda t: -len(t)), "the shortest text"),
    "longest-question": (_longest_question, 'the longest text ending in "?" (else the longest)'),
    "first-question": (_first_where(is_question, lambda texts: 0), 'the first text ending in "?" (else the first)'),
    "competitor": (_first_where(names_competitor, lambda texts: 0), "the first text naming a competitor in words (else the first)"),
    "you-words": (lambda texts: _first_of_most(texts, you_words), 'the text with the most "you" words'),
}
"""Every cue player by name: how it picks, and a one-line description."""


def cue_policy(pick: CuePick) -> Policy:
    """A play policy that shows `pick` only the offered choices' texts."""

    def policy(state: PlayState, offers: list[Offer]) -> int:
        return offers[pick([offer.choice.text for offer in offers])].number

    return policy


def average_stars(loaded: LoadedScenario, policy: Policy, plays: int = 1) -> float:
    """Stars of `plays` plays of `policy` in each world, averaged over the worlds by their weights
    (a play that reaches no ending counts 0)."""
    assert loaded.scenario is not None and loaded.compiled is not None
    engine = Engine(loaded.compiled)
    worlds: list[tuple[str | None, int]] = [(w.id, w.weight) for w in loaded.scenario.worlds or ()] or [(None, 1)]
    total = 0.0
    for world, weight in worlds:
        stars = 0
        for _ in range(plays):
            start, steps = play_out(engine, policy, MAX_PLAY_STEPS, world)
            ending = engine.ending(steps[-1].state if steps else start.state)
            stars += ending.effective_stars if ending is not None else 0
        total += weight * stars / plays
    return total / sum(weight for _, weight in worlds)


def reachable_infos(analysis: SecureAnalysis) -> Iterator[int]:
    """Every information state (not endings) reachable from any world's start, breadth first."""
    starts = [analysis.start_info(w) for w in analysis.worlds]
    seen = {info for info in starts if info is not None}
    queue = deque(seen)
    while queue:
        info = queue.popleft()
        if analysis.is_ending(info):
            continue
        yield info
        for number in range(1, analysis.offered_count(info) + 1):
            for branch in analysis.branches(info, number):
                if branch not in seen:
                    seen.add(branch)
                    queue.append(branch)


@dataclass(slots=True)
class CueDecisions:
    """Decisions where exactly one offered choice keeps a secure best of 1 star or more."""

    decisions: int = 0
    longest: int = 0  # the keeping choice is strictly the longest text
    question: int = 0  # the keeping choice ends in "?"

    def add(self, other: CueDecisions) -> None:
        self.decisions += other.decisions
        self.longest += other.longest
        self.question += other.question

    @property
    def longest_share(self) -> float:
        return self.longest / self.decisions if self.decisions else 0.0

    @property
    def question_share(self) -> float:
        return self.question / self.decisions if self.decisions else 0.0

    def to_json(self) -> dict[str, object]:
        return {
            "decisions": self.decisions,
            "longest": self.longest,
            "question": self.question,
            "longest_share": round(self.longest_share, 4),
            "question_share": round(self.question_share, 4),
        }


def offered_texts(loaded: LoadedScenario, info: int, states: dict[str | None, list[tuple[int, int, int, int]]]) -> list[str]:
    """The offered choices' texts at a non-ending information state (equal in all its worlds)."""
    assert loaded.scenario is not None and loaded.compiled is not None and loaded.analysis is not None
    c = loaded.compiled
    world, index = loaded.analysis.pairs(info)[0]
    node, t, p, f = states[world][index]
    choices = loaded.scenario.nodes[c.ids[node]].choices or []
    return [choices[choice.index].text for choice in c.offered(node, t, p, f)]


def cue_decisions(loaded: LoadedScenario) -> CueDecisions:
    """Count the decisions with exactly one keeping choice, and the cues that choice shows."""
    a = loaded.analysis
    assert a is not None and not a.too_large
    states = {w: list(a.world(w).states()) for w in a.worlds}
    found = CueDecisions()
    for info in reachable_infos(a):
        before = a.secure(info) or 0
        if before < 1:
            continue
        keeping = [n for n in range(1, a.offered_count(info) + 1) if a.secure_after(info, n) == before]
        if len(keeping) != 1:
            continue
        texts = offered_texts(loaded, info, states)
        kept = texts[keeping[0] - 1]
        found.decisions += 1
        if all(len(kept) > len(t) for i, t in enumerate(texts) if i != keeping[0] - 1):
            found.longest += 1
        if is_question(kept):
            found.question += 1
    return found


@dataclass(slots=True)
class ScenarioCues:
    """How the cue players and random play did in one scenario."""

    scenario_id: str
    stars: dict[str, float] = field(default_factory=dict)  # player (and RANDOM) -> weighted average stars
    decisions: CueDecisions = field(default_factory=CueDecisions)

    def to_json(self) -> dict[str, object]:
        return {"stars": {k: round(v, 4) for k, v in self.stars.items()}, "decisions": self.decisions.to_json()}

    def render(self, indent: str = "  ") -> list[str]:
        """Lines of text: each player's stars (averaged over the worlds by weight), then the cues."""
        out = []
        if self.stars:
            shown = ", ".join(f"{player} {stars:.2f}" for player, stars in self.stars.items())
            out.append(f"{indent}surface cues, stars: {shown}")
        return out + decisions_text(self.decisions, indent)


def scenario_cues(
    loaded: LoadedScenario, players: Iterable[str], *, runs: int, seed: int, random_stars: float | None = None
) -> ScenarioCues:
    """Play each named cue player once per world and random play `runs` times per world
    (`random_stars`: what those seeded plays scored, when the caller has played them already)."""
    assert loaded.scenario is not None
    result = ScenarioCues(loaded.scenario.id)
    for name in players:
        result.stars[name] = average_stars(loaded, cue_policy(CUE_PLAYERS[name][0]))
    if runs:
        if random_stars is None:
            random_stars = average_stars(loaded, random_policy(random.Random(seed)), runs)
        result.stars[RANDOM] = random_stars
    if loaded.analysis is not None and not loaded.analysis.too_large:
        result.decisions = cue_decisions(loaded)
    return result


@dataclass(slots=True)
class LibraryCues:
    """Cue results summed over scenarios: stars per scenario averaged, decisions pooled."""

    scenarios: list[ScenarioCues] = field(default_factory=list)

    @property
    def players(self) -> list[str]:
        return list(self.scenarios[0].stars) if self.scenarios else []

    def stars_per_scenario(self, player: str) -> float:
        values = [s.stars[player] for s in self.scenarios]
        return sum(values) / len(values) if values else 0.0

    @property
    def decisions(self) -> CueDecisions:
        total = CueDecisions()
        for s in self.scenarios:
            total.add(s.decisions)
        return total

    def to_json(self) -> dict[str, object]:
        return {
            "scenarios": len(self.scenarios),
            "stars_per_scenario": {p: round(self.stars_per_scenario(p), 4) for p in self.players},
            "decisions": self.decisions.to_json(),
        }

    def render(self, indent: str = "  ") -> list[str]:
        """Lines of text: each player's stars per scenario, then the decisions' cues."""
        out = [f"surface cues over {len(self.scenarios)} scenarios:"]
        width = max((len(p) for p in self.players), default=0)
        for player in self.players:
            out.append(f"{indent}{player.ljust(width)}  {self.stars_per_scenario(player):.2f} stars per scenario")
        out += decisions_text(self.decisions, indent)
        return out


def decisions_text(d: CueDecisions, indent: str = "  ") -> list[str]:
    if not d.decisions:
        return [f"{indent}no decision where exactly one choice keeps the best that can be sure"]
    return [
        f"{indent}decisions where exactly one choice keeps the sure best: {d.decisions}",
        f"{indent}  that choice is strictly the longest: {d.longest} ({100 * d.longest_share:.0f}%)",
        f'{indent}  that choice ends in "?": {d.question} ({100 * d.question_share:.0f}%)',
    ]


def players_text() -> list[str]:
    """The cue players' names and descriptions, one a line (for --player list)."""
    width = max(len(name) for name in CUE_PLAYERS)
    return [f"{name.ljust(width)}  {description}" for name, (_, description) in CUE_PLAYERS.items()]
