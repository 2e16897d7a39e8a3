"""Generated scenarios for the benchmarks (valid, deterministic, as large as asked)."""

from __future__ import annotations

import random
from typing import Any


def _choice(text: str, tactic: str, next: str, **extra: Any) -> dict[str, Any]:
    return {"text": text, "tactic": tactic, "next": next, "feedback": f"Feedback on {text}.", **extra}


def _scenario(sid: str, start: str, nodes: dict[str, Any], endings: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "format": 1,
        "id": sid,
        "title": f"Generated {sid}",
        "summary": "A generated scenario for benchmarks.",
        "difficulty": "intermediate",
        "tags": ["generated"],
        "lesson": "Benchmarks teach patience.",
        "start": start,
        "buyer": {"name": "Gen Buyer", "role": "Tester", "company": "Bench Ltd", "persona": "Generated.", "needs": ["speed"]},
        "meters": {"trust": 40, "pressure": 20},
        "nodes": nodes,
        "endings": endings,
        **extra,
    }


ENDINGS = {
    "won": {"outcome": "won", "text": "Signed."},
    "lost": {"outcome": "lost", "text": "Lost."},
    "walked": {"outcome": "lost", "text": "Walked out."},
}


def chain_scenario(index: int, node_count: int = 60, seed: int = 0) -> dict[str, Any]:
    """A realistic-looking branching scenario: `node_count` scene and check nodes."""
    rng = random.Random(seed * 10_000 + index)
    nodes: dict[str, Any] = {}
    for n in range(node_count):
        name = f"n{n}"
        following = [f"n{min(node_count - 1, n + k)}" for k in (1, 2, 3)]
        if n == node_count - 1:
            nodes[name] = {"text": "Decision time.", "choices": [_choice("Shall we start?", "close", "won"), _choice("Think it over.", "other", "lost")]}
        elif n % 10 == 5:
            nodes[name] = {
                "text": "The buyer weighs it up.",
                "speaker": "narrator",
                "routes": [{"when": f"trust >= {rng.randint(30, 70)} and pressure < 80", "next": following[0]}, {"next": following[1]}],
            }
        else:
            nodes[name] = {
                "text": f"Buyer line {n}: " + "words " * rng.randint(10, 40),
                "facilitator": "Ask the room.",
                "choices": [
                    _choice(f"Question {n}", "qualify", following[0], trust=rng.randint(1, 10), pressure=-rng.randint(0, 5)),
                    _choice(f"Pitch {n}", "pitch", following[1], trust=-rng.randint(0, 10), pressure=rng.randint(1, 15)),
                    _choice(f"Help {n}", "help", following[2], trust="%+10"),
                ],
            }
    return _scenario(f"gen-{index}", "n0", nodes, ENDINGS, interrupts=[{"when": "pressure >= 90", "next": "walked"}])


def grid_scenario(node_count: int = 24) -> dict[str, Any]:
    """A ring of nodes whose choices walk trust and pressure over the whole 0..100 grid:
    about `node_count` x 101 x 101 reachable states."""
    nodes: dict[str, Any] = {}
    for n in range(node_count):
        nxt = f"r{(n + 1) % node_count}"
        nodes[f"r{n}"] = {
            "text": f"Room {n}.",
            "choices": [
                _choice("Warmer", "connect", nxt, trust=7),
                _choice("Cooler", "pitch", nxt, trust=-3),
                _choice("Push", "pressure", nxt, pressure=5),
                _choice("Ease", "help", nxt, pressure=-2),
                _choice("Close", "close", "won", when="trust >= 90 and pressure <= 10"),
                _choice("Leave", "other", "lost"),
            ],
        }
    return _scenario("grid", "r0", nodes, ENDINGS)


def flags_scenario(flags: int = 25) -> dict[str, Any]:
    """`flags` independent yes/no decisions, each remembered: 2^flags states."""
    nodes: dict[str, Any] = {}
    for k in range(flags):
        nxt = f"f{k + 1}" if k + 1 < flags else "last"
        nodes[f"f{k}"] = {
            "text": f"Topic {k}.",
            "choices": [_choice(f"Ask about {k}", "ask", nxt, set=[f"asked_{k}"]), _choice(f"Skip {k}", "other", nxt)],
        }
    all_asked = " and ".join(f"asked_{k}" for k in range(flags))
    nodes["last"] = {
        "text": "Well?",
        "choices": [_choice("Shall we?", "close", "won", when=all_asked), _choice("Bye", "other", "lost")],
    }
    return _scenario("flags", "f0", nodes, ENDINGS)


def worlds_grid_scenario(node_count: int = 12, worlds: int = 3) -> dict[str, Any]:
    """`grid_scenario` with hidden worlds: the close goes to a check node that routes by the
    world's flag, so the worlds look the same until the close and every information state
    holds one pair per world. About `node_count` x 101 x 101 states per world."""
    doc = grid_scenario(node_count)
    doc["id"] = f"worlds-grid-{worlds}"
    for node in doc["nodes"].values():
        for choice in node["choices"]:
            if choice["next"] == "won":
                choice["next"] = "decide"
    flags = [f"kind_{k}" for k in range(worlds - 1)]
    targets = ["won", "referred"]
    doc["nodes"]["decide"] = {
        "text": "The buyer thinks it over.",
        "routes": [{"when": flag, "next": targets[k % 2]} for k, flag in enumerate(flags)] + [{"next": "lost"}],
    }
    doc["endings"] = {**doc["endings"], "referred": {"outcome": "referral", "text": "A referral."}}
    doc["worlds"] = [{"id": f"kind-{k}", "label": f"Buyer of kind {k}.", "set": [flag]} for k, flag in enumerate(flags)]
    doc["worlds"].append({"id": "plain", "label": "A plain buyer."})
    return doc
