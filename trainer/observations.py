"""What a player observes, as small integers the analysis can compare quickly.

The contract ("What the player observes"): at the start and after each
choice, the narration shown on the way (an interrupt's `text` if it fired,
then the `text` of each check node routed through, in order), then either
the scene reached -- its shown text (variant applied), its speaker as
displayed, and the texts of the offered choices in order -- or the ending
reached (by id). Meters, feedback, facilitator notes and tactics are not
observations. Equal texts are equal observations, wherever they come from.

`Engine.narration`, `Engine.text`, `Engine.speaker` and `Engine.offered`
give the same observations as text, one play at a time; a test keeps the
two in step.
"""

from __future__ import annotations

from trainer.compiled import CompiledScenario
from trainer.engine import displayed_speaker

NO_TEXT = -1
SILENT = 0
"""The narration id of nothing shown on the way."""


class Observations:
    """Interns observations of one compiled scenario: equal observations get equal ids."""

    def __init__(self, compiled: CompiledScenario) -> None:
        self.compiled = compiled
        scenario = compiled.scenario
        self._texts: dict[str | None, int] = {}
        text = self._text_id
        nodes = list(scenario.nodes.values())
        self.node_text = [text(node.text) if node.text is not None else NO_TEXT for node in nodes]
        speakers = [displayed_speaker(scenario, node.speaker) for node in nodes]
        self.node_speaker = [text(s) for s in speakers]
        self.variant_text = [tuple(text(v.text) for v in node.variants or ()) for node in nodes]
        self.variant_speaker = [
            tuple(
                text(displayed_speaker(scenario, v.speaker)) if v.speaker is not None else self.node_speaker[n]
                for v in node.variants or ()
            )
            for n, node in enumerate(nodes)
        ]
        self.choice_text = [tuple(text(c.text) for c in node.choices or ()) for node in nodes]
        self.interrupt_text = [text(i.text) if i.text is not None else NO_TEXT for i in scenario.interrupts]
        self._scenes: dict[tuple[int, int, tuple[int, ...]], int] = {}
        self._scene_of_sig: dict[tuple[int, int, tuple[int, ...]], int] = {}
        self.signatures: list[tuple[int, int, tuple[int, ...]]] = []
        self._sig_ids: dict[tuple[int, int, tuple[int, ...]], int] = {}
        self.scene_of: list[int] = []  # signature id -> scene observation id
        self._narrations: dict[tuple[int, ...], int] = {(): SILENT}

    def _text_id(self, value: str | None) -> int:
        found = self._texts.get(value)
        if found is None:
            found = self._texts[value] = len(self._texts)
        return found

    def signature(self, node: int, variant: int | None, offered: tuple[int, ...]) -> int:
        """Id of a scene state's signature: (node, variant shown, offered choice indexes).

        States with equal signatures show the same scene; `scene_of[sig]` is the id of what
        the player observes there, equal for different signatures that look the same."""
        key = (node, -1 if variant is None else variant, offered)
        found = self._sig_ids.get(key)
        if found is None:
            found = self._sig_ids[key] = len(self.signatures)
            self.signatures.append(key)
            if variant is None:
                shown, speaker = self.node_text[node], self.node_speaker[node]
            else:
                shown, speaker = self.variant_text[node][variant], self.variant_speaker[node][variant]
            texts = self.choice_text[node]
            scene = (shown, speaker, tuple(texts[i] for i in offered))
            self.scene_of.append(self._scenes.setdefault(scene, len(self._scenes)))
        return found

    def narration(self, interrupt: int | None, checks: list[int]) -> int:
        """Id of the narration shown on the way: the fired interrupt's text, then each
        check node's text (nodes without text show nothing)."""
        shown: list[int] = []
        if interrupt is not None and self.interrupt_text[interrupt] != NO_TEXT:
            shown.append(self.interrupt_text[interrupt])
        for node in checks:
            if self.node_text[node] != NO_TEXT:
                shown.append(self.node_text[node])
        key = tuple(shown)
        found = self._narrations.get(key)
        if found is None:
            found = self._narrations[key] = len(self._narrations)
        return found
