"""The author view's lines (`trainer.game.author`), headless."""

from __future__ import annotations

from tests.core.builders import choice, load_doc, minimal
from trainer.game.author import author_view
from trainer.game.play import PlaySession


def test_the_node_line_names_the_variant_shown() -> None:
    doc = minimal()
    doc["nodes"]["opening"]["choices"].append(choice("warm up", "connect", "opening", trust=20, set=["warm"]))
    doc["nodes"]["opening"]["variants"] = [{"when": "trust >= 90", "text": "Old friend!"}, {"when": "warm", "text": "Hi again."}]
    session = PlaySession.begin(load_doc(doc))
    assert author_view(session)[0].text == "opening (speaker buyer)"
    session.choose(3)  # warm, trust 70: the second variant
    assert author_view(session)[0].text == "opening (speaker buyer, variant 2 shown)"
