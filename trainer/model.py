"""The scenario and pack format, version 1, as pydantic models.

These models check types, required and unknown keys, ranges and sizes.
Rules that span several places (references, flags, routes, reachability)
live in `trainer.rules` and `trainer.solver`.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from trainer.effects import Effect, parse_fair_effect
from trainer.limits import (  # noqa: F401 - re-exported: the limits belong to the model too
    MAX_FILE_BYTES,
    MAX_ID_LENGTH,
    MAX_LABEL_LENGTH,
    MAX_LINE_LENGTH,
    MAX_LIST_ITEMS,
    MAX_TEXT_LENGTH,
)
from trainer.vocabulary import (  # noqa: F401 - re-exported: the format's words belong to the model too
    DEFAULT_STARS,
    FLAG_NAME_PATTERN,
    ID_PATTERN,
    PULLING_TACTICS,
    PUSHING_TACTICS,
    Difficulty,
    Outcome,
    Tactic,
    is_id,
)

FORMAT_VERSION = 1


SEMVER_PATTERN = (
    r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)"
    r"(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$"
)
SPDX_PATTERN = r"^\(?[A-Za-z0-9][A-Za-z0-9.+-]*\)?( (AND|OR|WITH) \(?[A-Za-z0-9][A-Za-z0-9.+-]*\)?)*$"
LOCALE_PATTERN = r"^[a-z]{2,3}([-_][A-Za-z0-9]{2,8})*$"
SCENARIO_LOCALE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"  # BCP 47, as the contract gives it
MAX_TITLE_LENGTH = 80  # an ending's `title`
MIN_WORLDS, MAX_WORLDS = 2, 8
MAX_WEIGHT = 1_000
MAX_TESTS = 200
MAX_TEST_CHOICES = 1_000


# Strings of the format, by their longest allowed length. A field's description
# goes on its `Field`, so that mypy reads every annotation as a plain type.
IdText = Annotated[str, StringConstraints(strict=True, max_length=MAX_ID_LENGTH)]
Label = Annotated[str, StringConstraints(strict=True, max_length=MAX_LABEL_LENGTH)]
Line = Annotated[str, StringConstraints(strict=True, max_length=MAX_LINE_LENGTH)]
Text = Annotated[str, StringConstraints(strict=True, max_length=MAX_TEXT_LENGTH)]

# List items keep their own description in the schema.
FlagName = Annotated[IdText, Field(description="Flag name.")]
Need = Annotated[Line, Field(description="A hidden need.")]
Tag = Annotated[Label, Field(description="A free word.")]
Author = Annotated[Label, Field(description="An author.")]


def _validate_effect(value: object) -> Effect:
    if isinstance(value, (bool, float)):
        kind = "a boolean" if isinstance(value, bool) else "a decimal number"
        raise PydanticCustomError(
            "effect",
            "an effect must be a whole number from -100 to 100 or a fair string like "
            '"%+20"; got {value} ({kind})',
            {"value": str(value).lower() if isinstance(value, bool) else value, "kind": kind},
        )
    if isinstance(value, int):
        if -100 <= value <= 100:
            return value
        raise PydanticCustomError(
            "effect", "an effect must be from -100 to 100; got {value}", {"value": value}
        )
    if isinstance(value, str):
        try:
            parse_fair_effect(value)
        except ValueError as error:
            raise PydanticCustomError(
                "effect",
                '{reason}; write "%+p" or "%-p" with p from 0 to 100',
                {"reason": str(error).split(": ", 1)[-1]},
            ) from None
        return value
    raise PydanticCustomError(
        "effect",
        'an effect must be a whole number from -100 to 100 or a fair string like "%+20"',
    )


EffectField = Annotated[
    int | str,
    PlainValidator(_validate_effect),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": -100, "maximum": 100},
                {"type": "string", "pattern": r"^%[+-][0-9]{1,3}$"},
            ],
            "description": "Added to the meter (-100..100), or a fair percentage: "
            '"%+p" moves p% of the way up to 100, "%-p" p% of the way down to 0.',
        }
    ),
]

MeterValue = Annotated[int, Field(strict=True, ge=0, le=100)]


class FormatModel(BaseModel):
    """Base of every table: unknown keys are errors, `x_` keys are ignored."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={"patternProperties": {"^x_": {"description": "Extension: ignored."}}},
    )

    @model_validator(mode="before")
    @classmethod
    def _drop_extensions(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if not (isinstance(k, str) and k.startswith("x_"))}
        return data


class Buyer(FormatModel):
    """The person the player sells to."""

    name: Label = Field(description="The buyer's name, shown to the player.")
    role: Label | None = Field(default=None, description="Job title or situation.")
    company: Label | None = Field(default=None, description="Company or household.")
    persona: Line | None = Field(default=None, description="Shown to the player: who this buyer is.")
    needs: list[Need] = Field(
        default_factory=list,
        max_length=MAX_LIST_ITEMS,
        description="Hidden during play; revealed in the debrief.",
    )


class Meters(FormatModel):
    """Starting values of the two meters."""

    trust: MeterValue = Field(description="Starting trust, 0..100.")
    pressure: MeterValue = Field(description="Starting pressure, 0..100.")


class Interrupt(FormatModel):
    """Checked in order after every choice's effects; the first that holds redirects play."""

    when: Line = Field(description="Condition, e.g. \"pressure >= 85\".")
    next: IdText = Field(description="Node or ending to go to.")
    text: Text | None = Field(default=None, description="Narration shown to the player when the interrupt fires.")


class Variant(FormatModel):
    """Replaces the node's text when its condition holds (first match wins)."""

    when: Line = Field(description="Condition on meters and flags.")
    text: Text = Field(description="Replacement text.")
    speaker: Label | None = Field(
        default=None, description="The speaker while this variant is shown; default: the node's speaker."
    )


class Choice(FormatModel):
    """Something the player can say."""

    text: Line = Field(description="What the player says.")
    id: IdText | None = Field(
        default=None,
        description="A stable name for the choice, unique within its node; [a-z0-9][a-z0-9_-]*, not all digits. "
        "--choices and [[tests]] may name the choice by it.",
    )
    tactic: Tactic = Field(description="close | pressure | pitch | qualify | ask | connect | help | other")
    next: IdText = Field(description="Node or ending this choice leads to.")
    trust: EffectField = 0
    pressure: EffectField = 0
    set: list[FlagName] = Field(
        default_factory=list, max_length=MAX_LIST_ITEMS, description="Flags to set."
    )
    clear: list[FlagName] = Field(
        default_factory=list, max_length=MAX_LIST_ITEMS, description="Flags to clear (after set)."
    )
    when: Line | None = Field(default=None, description="Offered only while this condition holds.")
    feedback: Text | None = Field(default=None, description="The coach's comment on this choice at this moment.")


class Route(FormatModel):
    """A check node's branch; the first whose `when` holds is taken."""

    when: Line | None = Field(default=None, description="Condition; omitted on the last route only.")
    next: IdText = Field(description="Node or ending to go to.")


class Node(FormatModel):
    """A scene node (with `choices`) or a check node (with `routes`)."""

    text: Text | None = Field(default=None, description="What is said or narrated; optional on check nodes.")
    speaker: Label | None = Field(default=None, description="buyer (default) | narrator | a display name.")
    facilitator: Text | None = Field(default=None, description="Workshop note for the facilitator.")
    variants: list[Variant] | None = Field(default=None, max_length=MAX_LIST_ITEMS)
    choices: list[Choice] | None = Field(default=None, min_length=1, max_length=9)
    routes: list[Route] | None = Field(default=None, min_length=1, max_length=MAX_LIST_ITEMS)

    @property
    def is_check(self) -> bool:
        return self.routes is not None and self.choices is None


class Ending(FormatModel):
    """Where a play ends."""

    outcome: Outcome = Field(description="won | lost | qualified_out | referral")
    text: Text = Field(description="What happens.")
    stars: Annotated[int, Field(strict=True, ge=0, le=3)] | None = Field(
        default=None, description="0..3; default won 3, referral 2, qualified_out 2, lost 0."
    )
    lesson: Text | None = Field(default=None, description="Shown in the debrief.")
    title: Annotated[str, StringConstraints(strict=True, max_length=MAX_TITLE_LENGTH)] | None = Field(
        default=None, description="A short player-facing name, one line; default: the outcome in words."
    )

    @property
    def effective_stars(self) -> int:
        return self.stars if self.stars is not None else DEFAULT_STARS[self.outcome]


class World(FormatModel):
    """One hidden situation of the buyer; a play draws one at its start."""

    id: IdText = Field(description="[a-z0-9][a-z0-9_-]*, unique among the worlds.")
    label: Label = Field(description="One line, shown in the debrief: who this buyer really was.")
    set: list[FlagName] = Field(
        default_factory=list, max_length=MAX_LIST_ITEMS, description="Flags already set at the start in this world."
    )
    weight: Annotated[int, Field(strict=True, ge=1, le=MAX_WEIGHT)] = Field(
        default=1, description="How often this world is drawn, relative to the others: 1..1000, default 1."
    )


def _validate_test_choice(value: object) -> int | str:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    if isinstance(value, str) and is_id(value) and not value.isdigit():
        return value
    raise PydanticCustomError(
        "test-choice",
        "a test's choices entry must be a choice number (1, 2, ... among those offered) or a choice id "
        'like "why-now"; got {value}',
        {"value": repr(value).lower() if isinstance(value, bool) else repr(value)},
    )


TestChoice = Annotated[
    int | str,
    PlainValidator(_validate_test_choice),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1},
                {"type": "string", "pattern": ID_PATTERN, "not": {"pattern": "^[0-9]+$"}},
            ],
            "description": "A choice number (1-based among those offered) or a choice id.",
        }
    ),
]


class ScenarioTest(FormatModel):
    """A scripted play that `validate` runs: its choices, and where it must end."""

    name: Label = Field(description="One line, unique in the file.")
    choices: list[TestChoice] = Field(
        min_length=1, max_length=MAX_TEST_CHOICES, description="Choice ids or 1-based numbers, in order."
    )
    world: IdText | None = Field(default=None, description="The world to play in; without it, every world.")
    ending: IdText | None = Field(default=None, description="The ending the play must stop at.")
    stars: Annotated[int, Field(strict=True, ge=0, le=3)] | None = Field(
        default=None, description="The stars the play must end with, 0..3."
    )


class Scenario(FormatModel):
    """One buyer conversation: nodes, endings, meters and the lesson."""

    format: Annotated[int, Field(strict=True, description="Format version: 1.")]
    id: IdText = Field(description="Unique within its pack; [a-z0-9][a-z0-9_-]*.")
    title: Label = Field(description="Shown in the library.")
    start: IdText = Field(description="The first node.")
    buyer: Buyer
    meters: Meters
    nodes: dict[str, Node] = Field(max_length=5_000)
    endings: dict[str, Ending] = Field(max_length=1_000)
    summary: Line | None = Field(default=None, description="One line for the library.")
    difficulty: Difficulty = Difficulty.INTERMEDIATE
    tags: list[Tag] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    lesson: Text | None = Field(default=None, description="The teaching point, shown in the debrief.")
    interrupts: list[Interrupt] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    locale: Annotated[str, StringConstraints(strict=True, pattern=SCENARIO_LOCALE_PATTERN, max_length=35)] | None = (
        Field(default=None, description='The scenario\'s language (BCP 47, e.g. "en", "pt-BR"); default: the pack\'s.')
    )
    worlds: list[World] | None = Field(
        default=None,
        min_length=MIN_WORLDS,
        max_length=MAX_WORLDS,
        description="2 to 8 hidden worlds; one is drawn at the start of each play.",
    )
    tests: list[ScenarioTest] = Field(default_factory=list, max_length=MAX_TESTS)

    def target(self, name: str) -> Node | Ending | None:
        return self.nodes.get(name) or self.endings.get(name)


class PackManifest(FormatModel):
    """`pack.toml`."""

    format: Annotated[int, Field(strict=True, description="Format version: 1.")]
    id: IdText = Field(description="[a-z0-9][a-z0-9_-]*")
    name: Label = Field(description="Shown in the library.")
    version: Annotated[str, StringConstraints(strict=True, pattern=SEMVER_PATTERN, max_length=64)] = Field(
        description="Semantic version, e.g. 1.2.0."
    )
    authors: list[Author] = Field(min_length=1, max_length=MAX_LIST_ITEMS)
    license: Annotated[str, StringConstraints(strict=True, pattern=SPDX_PATTERN, max_length=200)] = Field(
        description="SPDX identifier, e.g. CC-BY-4.0."
    )
    description: Text | None = Field(default=None, description="What the pack is about.")
    locale: Annotated[str, StringConstraints(strict=True, pattern=LOCALE_PATTERN, max_length=35)] = Field(
        default="en", description='Language tag; default "en".'
    )
