"""Refused changes are said in the interview's language: every message the session and the model
can raise is in :data:`egonet.tui.refusals.REFUSALS`, in French and Dutch."""

from __future__ import annotations

import ast
import asyncio
from collections.abc import Callable
from pathlib import Path
from string import Formatter
from typing import Any

import pytest

import egonet
from egonet.errors import ModelError
from egonet.model import Protocol
from egonet.session import start_follow_up
from egonet.store import Store
from egonet.tui import EgonetApp
from egonet.tui.refusals import REFUSALS, refusal, translate
from egonet.tui.screens.interview import InterviewScreen
from tests.tui.scenes import baseline

ROOT = Path(egonet.__file__).parent
SOURCES = sorted([*(ROOT / "session").glob("*.py"), *(ROOT / "model").glob("*.py")])
RAISED = {"ModelError", "AnswerError", "UsageError", "NotFoundError"}
PROBLEMS = "problem"
"""``Question.problem`` returns the messages ``Question.check`` raises as ``AnswerError(problem)``."""
PLAN_PROBLEMS = {"plan_problems", "reference_problems", "resource_problems", "review_problems"}
"""These return the messages the plan's use-cases raise as ``AnswerError(problems[0])``."""


def sample(node: ast.expr) -> str:
    """The message an expression makes, each variable part replaced by a sample value."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            str(part.value) if isinstance(part, ast.Constant) else f"'v{k}'" for k, part in enumerate(node.values)
        )
    raise AssertionError(f"a message that is not a literal: {ast.unparse(node)}")


def messages() -> list[tuple[str, str]]:
    """(where, sample message) of every message raised in egonet/session and egonet/model."""
    found = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name in PLAN_PROBLEMS:
                for part in ast.walk(node):
                    if (
                        isinstance(part, ast.Call)
                        and isinstance(part.func, ast.Attribute)
                        and part.func.attr == "append"
                    ):
                        found.append((f"{path.name}:{part.lineno}", sample(part.args[0])))
                    elif isinstance(part, ast.ListComp):
                        found.append((f"{path.name}:{part.lineno}", sample(part.elt)))
                    elif isinstance(part, ast.Return) and isinstance(part.value, ast.List):
                        found += [(f"{path.name}:{part.lineno}", sample(e)) for e in part.value.elts]
            if isinstance(node, ast.FunctionDef) and node.name == PROBLEMS:
                for ret in ast.walk(node):
                    if isinstance(ret, ast.Return) and ret.value is not None and not _is_none(ret.value):
                        found.append((f"{path.name}:{ret.lineno}", sample(ret.value)))
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            name = node.exc.func
            if not (isinstance(name, ast.Name) and name.id in RAISED):
                continue
            first = node.exc.args[0]
            if isinstance(first, ast.Name) and first.id == PROBLEMS:
                continue  # the returns of Question.problem, above
            if isinstance(first, ast.Subscript) and isinstance(first.value, ast.Name) and first.value.id == "problems":
                continue  # the messages of plan_problems and review_problems, above
            found.append((f"{path.name}:{node.lineno}", sample(first)))
    return found


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


MESSAGES = messages()


def test_the_messages_are_found() -> None:
    assert len(MESSAGES) >= 35  # the count when this was written: a sanity check of the reading
    assert any("neither confirmed nor marked gone" in m for _, m in MESSAGES)
    assert any("is not a whole number" in m for _, m in MESSAGES)


@pytest.mark.parametrize(("where", "message"), MESSAGES, ids=[w for w, _ in MESSAGES])
@pytest.mark.parametrize("language", ["fr", "nl"])
def test_every_refusal_of_the_session_is_in_french_and_dutch(where: str, message: str, language: str) -> None:
    said = translate(message, language)
    assert said != message, f"{where}: not translated: {message!r}"
    for k in range(20):  # the variable parts are carried over
        if f"'v{k}'" in message:
            assert f"'v{k}'" in said
    assert translate(message, "en") == message


def test_every_translation_has_the_placeholders_of_its_english() -> None:
    def placeholders(text: str) -> set[str]:
        return {name for _, name, _, _ in Formatter().parse(text) if name}

    for english, translations in REFUSALS.items():
        assert set(translations) == {"fr", "nl"}, english
        for language, text in translations.items():
            assert placeholders(text) == placeholders(english), (english, language)


def test_an_unknown_message_is_said_in_english() -> None:
    assert translate("something nobody foresaw", "fr") == "something nobody foresaw"
    error = ModelError("two alters of the previous wave cannot be merged", "a b")
    assert refusal(error, "fr") == "deux personnes de la vague précédente ne peuvent pas être fusionnées (a b)"
    assert refusal(error, "en") == str(error)


def test_a_refused_change_reaches_the_interview_in_its_language(
    make_app: Callable[..., EgonetApp], store: Store, protocol: Protocol, clock: Any
) -> None:
    """A French follow-up with nobody checked yet: completing it is refused, in French."""
    baseline(store, protocol, clock, "P-042").complete()
    session = start_follow_up(store, "P-042", "clin-1", language="fr", clock=clock)
    store.save_place(session.interview.id, "review")
    said: list[str] = []

    async def main() -> None:
        app = make_app(resume=session.interview.id)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(pilot.app.screen, InterviewScreen)
            await pilot.press("c", "y")
            await pilot.pause()
            said.extend(n.message for n in pilot.app._notifications)

    asyncio.run(main())
    assert any("personne(s) de la vague précédente ni confirmée(s) ni marquée(s) partie(s)" in m for m in said), said
    assert not any("neither confirmed" in m for m in said)
