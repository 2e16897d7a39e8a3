"""The `when` condition language: a small parser, never Python's eval.

    expr       := or_expr
    or_expr    := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | atom
    atom       := "(" expr ")" | comparison | flag | "true" | "false"
    comparison := ("trust" | "pressure") ("<" | "<=" | ">" | ">=" | "==" | "!=") INTEGER

An expression is parsed once into a tree, then compiled into a predicate
over a state's `(trust, pressure, flags)` where flags is a bit mask.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from trainer.errors import TrainerError
from trainer.vocabulary import FLAG_NAME_RULE, RESERVED_WORDS, is_flag_name

MAX_CONDITION_LENGTH = 1000
MAX_CONDITION_DEPTH = 32

METERS = ("trust", "pressure")
KEYWORDS = frozenset(RESERVED_WORDS)

Predicate = Callable[[int, int, int], bool]


class ConditionError(TrainerError, ValueError):
    """A malformed condition; `offset` is the 0-based position in the text."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


# -- syntax tree --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Const:
    value: bool


@dataclass(frozen=True, slots=True)
class Flag:
    name: str
    offset: int


@dataclass(frozen=True, slots=True)
class Compare:
    meter: str
    op: str
    value: int


@dataclass(frozen=True, slots=True)
class Not:
    operand: Expr


@dataclass(frozen=True, slots=True)
class And:
    operands: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Or:
    operands: tuple[Expr, ...]


Expr = Const | Flag | Compare | Not | And | Or


# -- tokens ---------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<op><=|>=|==|!=|<|>)
  | (?P<paren>[()])
  | (?P<int>[0-9]+)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # op | paren | int | word | end
    text: str
    offset: int


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            char = text[pos]
            hint = ""
            if text[pos : pos + 2] in ("=>", "=<"):
                written = text[pos : pos + 2]
                raise ConditionError(f'"{written}" is not an operator: write "{written[::-1]}"', pos)
            if char == "%":
                raise ConditionError(
                    'meters are whole numbers from 0 to 100, not percentages: leave out the "%" (e.g. "trust >= 60")', pos
                )
            if char in ".[":
                hint = " (attribute access and indexing are not part of the language)"
            elif char in "=!&|":
                hint = ' (use "==", "!=", "and", "or", "not")'
            raise ConditionError(f"unexpected character {char!r}{hint}", pos)
        kind = match.lastgroup or ""
        if kind != "space":
            tokens.append(_Token(kind, match.group(), pos))
        pos = match.end()
    tokens.append(_Token("end", "", len(text)))
    return tokens


# -- parser ---------------------------------------------------------------------


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokenize(text)
        self.index = 0
        self.depth = 0

    @property
    def current(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def at_word(self, word: str) -> bool:
        return self.current.kind == "word" and self.current.text == word

    def parse(self) -> Expr:
        if self.current.kind == "end":
            raise ConditionError("empty condition", 0)
        expr = self.parse_or()
        if self.current.kind != "end":
            raise ConditionError(
                f"unexpected {self.describe(self.current)}; expected \"and\", \"or\" or the end",
                self.current.offset,
            )
        return expr

    def parse_or(self) -> Expr:
        return self.parse_chain("or", self.parse_and, Or)

    def parse_and(self) -> Expr:
        return self.parse_chain("and", self.parse_not, And)

    def parse_chain(self, word: str, operand: Callable[[], Expr], combine: Callable[[tuple[Expr, ...]], Expr]) -> Expr:
        """`operand (word operand)*`, one node for the whole chain."""
        operands = [operand()]
        while self.at_word(word):
            self.advance()
            operands.append(operand())
        return operands[0] if len(operands) == 1 else combine(tuple(operands))

    def parse_not(self) -> Expr:
        if self.at_word("not"):
            token = self.advance()
            with self.nested(token):
                return Not(self.parse_not())
        return self.parse_atom()

    def nested(self, token: _Token) -> _Depth:
        return _Depth(self, token)

    def parse_atom(self) -> Expr:
        token = self.current
        if token.kind == "paren" and token.text == "(":
            self.advance()
            with self.nested(token):
                expr = self.parse_or()
            if not (self.current.kind == "paren" and self.current.text == ")"):
                raise ConditionError(
                    f"expected \")\" to close the \"(\" at position {token.offset + 1}, "
                    f"found {self.describe(self.current)}",
                    self.current.offset,
                )
            self.advance()
            return expr
        if token.kind != "word":
            raise ConditionError(
                f"expected a comparison, a flag, \"true\" or \"false\", found {self.describe(token)}",
                token.offset,
            )
        self.advance()
        word = token.text
        if word in METERS:
            return self.parse_comparison(token)
        if word == "true":
            return Const(True)
        if word == "false":
            return Const(False)
        if word in KEYWORDS:
            raise ConditionError(f"\"{word}\" needs something before it", token.offset)
        if not is_flag_name(word):
            raise ConditionError(
                f'"{word}" is not a valid flag name: a flag name {FLAG_NAME_RULE} (keywords are lowercase)',
                token.offset,
            )
        if self.current.kind == "paren" and self.current.text == "(":
            raise ConditionError("calls are not part of the condition language", self.current.offset)
        return Flag(word, token.offset)

    def parse_comparison(self, meter: _Token) -> Expr:
        op = self.current
        if op.kind != "op":
            raise ConditionError(
                f"\"{meter.text}\" must be compared with a number, e.g. \"{meter.text} >= 60\"",
                op.offset,
            )
        self.advance()
        number = self.current
        if number.kind != "int":
            raise ConditionError(
                f"expected a whole number after \"{op.text}\", found {self.describe(number)}",
                number.offset,
            )
        self.advance()
        return Compare(meter.text, op.text, int(number.text))

    @staticmethod
    def describe(token: _Token) -> str:
        return "the end of the condition" if token.kind == "end" else f"\"{token.text}\""


class _Depth:
    def __init__(self, parser: _Parser, token: _Token) -> None:
        self.parser = parser
        self.token = token

    def __enter__(self) -> None:
        self.parser.depth += 1
        if self.parser.depth > MAX_CONDITION_DEPTH:
            raise ConditionError(
                f"condition nested deeper than {MAX_CONDITION_DEPTH} levels", self.token.offset
            )

    def __exit__(self, *exc: object) -> None:
        self.parser.depth -= 1


def parse_condition(text: str) -> Expr:
    """Parse a condition; raises `ConditionError` with the position of the problem."""
    if len(text) > MAX_CONDITION_LENGTH:
        raise ConditionError(
            f"condition is {len(text)} characters long; the limit is {MAX_CONDITION_LENGTH}",
            MAX_CONDITION_LENGTH,
        )
    return _Parser(text).parse()


def flags_in(expr: Expr) -> list[Flag]:
    """Every flag an expression tests, in order of appearance."""
    match expr:
        case Flag():
            return [expr]
        case Not(operand):
            return flags_in(operand)
        case And(operands) | Or(operands):
            return [flag for operand in operands for flag in flags_in(operand)]
        case _:
            return []


# -- compiler -------------------------------------------------------------------

_COMPARE: dict[tuple[str, str], Callable[[int], Predicate]] = {
    ("trust", "<"): lambda v: lambda t, p, f: t < v,
    ("trust", "<="): lambda v: lambda t, p, f: t <= v,
    ("trust", ">"): lambda v: lambda t, p, f: t > v,
    ("trust", ">="): lambda v: lambda t, p, f: t >= v,
    ("trust", "=="): lambda v: lambda t, p, f: t == v,
    ("trust", "!="): lambda v: lambda t, p, f: t != v,
    ("pressure", "<"): lambda v: lambda t, p, f: p < v,
    ("pressure", "<="): lambda v: lambda t, p, f: p <= v,
    ("pressure", ">"): lambda v: lambda t, p, f: p > v,
    ("pressure", ">="): lambda v: lambda t, p, f: p >= v,
    ("pressure", "=="): lambda v: lambda t, p, f: p == v,
    ("pressure", "!="): lambda v: lambda t, p, f: p != v,
}


def compile_condition(expr: Expr, flag_bits: Mapping[str, int]) -> Predicate:
    """Turn a tree into a predicate `(trust, pressure, flag_mask) -> bool`.

    A flag missing from `flag_bits` is never set, so it tests false.
    """
    match expr:
        case Const(value):
            return (lambda t, p, f: True) if value else (lambda t, p, f: False)
        case Flag(name):
            bit = flag_bits.get(name, 0)
            return lambda t, p, f: f & bit != 0
        case Compare(meter, op, value):
            return _COMPARE[(meter, op)](value)
        case Not(operand):
            inner = compile_condition(operand, flag_bits)
            return lambda t, p, f: not inner(t, p, f)
        case And(operands) | Or(operands):
            parts = tuple(compile_condition(o, flag_bits) for o in operands)
            conjunction = isinstance(expr, And)
            if len(parts) == 2:  # the common case, without a generator on the hot path
                a, b = parts
                if conjunction:
                    return lambda t, p, f: a(t, p, f) and b(t, p, f)
                return lambda t, p, f: a(t, p, f) or b(t, p, f)
            combine = all if conjunction else any
            return lambda t, p, f: combine(part(t, p, f) for part in parts)
    raise TypeError(f"not a condition: {expr!r}")  # pragma: no cover
