"""`playtest`: seeded random plays plus the policy bots; endings, best-ending share, meters and coverage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import tomli_w

from tests.core.builders import choice, load_doc, minimal, two_worlds
from tests.packs.helpers import make_pack, run_cli
from trainer.cue_players import RANDOM, scenario_cues
from trainer.library import BUILTIN_PACK_DIR
from trainer.playtest import UNFINISHED, playtest_path, playtest_scenario
from trainer.policies import MAX_PLAY_STEPS
from trainer.scaffold import new_pack


def write(tmp_path: Path, doc: dict, name: str = "s.toml") -> Path:
    path = tmp_path / name
    path.write_text(tomli_w.dumps(doc), encoding="utf-8")
    return path


def three_choices() -> dict:
    doc = minimal()
    doc["nodes"]["opening"]["choices"].append(choice("Nice weather.", "other", "opening", trust=5))
    return doc


def test_bots_play_as_documented_on_the_minimal_scenario() -> None:
    result = playtest_scenario(load_doc(minimal()), runs=0)
    by_name = {p.policy: p for p in result.policies}
    assert list(by_name) == ["random", "pusher", "helper"]
    assert by_name["random"].plays == 0
    assert dict(by_name["pusher"].endings) == {"lost": 1}  # pushes whenever it can: close
    assert dict(by_name["helper"].endings) == {"won": 1}  # the first qualify/ask/connect/help choice
    assert by_name["pusher"].best_share == 0.0 and by_name["helper"].best_share == 1.0
    assert result.best_stars == 3


def test_random_plays_are_counted_and_cover_every_choice() -> None:
    result = playtest_scenario(load_doc(three_choices()), runs=300, seed=7)
    random_stats = result.policies[0]
    assert random_stats.plays == 300
    assert sum(random_stats.endings.values()) == 300
    assert set(random_stats.endings) == {"won", "lost"}
    assert result.choice_coverage == 100.0
    assert result.never_taken() == [] and result.never_reached() == []
    assert 0 < random_stats.best_share < 1
    assert random_stats.best_share == random_stats.endings["won"] / 300


def test_meter_ranges_seen() -> None:
    doc = three_choices()  # start trust 50, pressure 10; "other" adds 5 trust and loops
    result = playtest_scenario(load_doc(doc), runs=200, seed=1)
    random_stats = result.policies[0]
    assert random_stats.pressure.low == random_stats.pressure.high == 10
    assert random_stats.trust.low == 50 and random_stats.trust.high > 55
    assert (random_stats.trust.high - 50) % 5 == 0


def test_same_seed_same_report_and_another_seed_differs(tmp_path: Path) -> None:
    path = write(tmp_path, three_choices())
    first = run_cli("playtest", str(path), "--seed", "3", "--format", "json")
    again = run_cli("playtest", str(path), "--seed", "3", "--format", "json")
    other = run_cli("playtest", str(path), "--seed", "4", "--format", "json")
    assert first == again
    assert json.loads(first[1])["scenarios"] != json.loads(other[1])["scenarios"]


def test_a_bot_that_loops_forever_is_reported_unfinished() -> None:
    doc = minimal()
    doc["nodes"]["opening"]["choices"][0]["next"] = "opening"  # close loops back; qualify wins
    doc["endings"].pop("lost")
    result = playtest_scenario(load_doc(doc), runs=0)
    pusher = result.policies[1]
    assert dict(pusher.endings) == {UNFINISHED: 1}
    assert pusher.steps == MAX_PLAY_STEPS


def test_check_nodes_and_interrupts_count_in_coverage(tmp_path: Path) -> None:
    new_pack(tmp_path / "p")
    report = playtest_path(tmp_path / "p", runs=200, seed=0)
    (s,) = report.scenarios
    assert "decides" in s.coverage.nodes  # a check node, passed through by a route
    assert s.coverage.interrupts == {0}
    assert s.choice_coverage == 100.0 and s.node_coverage == 100.0
    assert s.coverage.endings == {"signed", "not_yet", "spreadsheet", "walked_out"}


def test_min_coverage_fails_with_exit_1_when_unmet(tmp_path: Path) -> None:
    path = write(tmp_path, three_choices())
    # --runs 0: only the bots play; they take 2 of the 3 choices.
    code, out, err = run_cli("playtest", str(path), "--runs", "0", "--min-coverage", "70")
    assert code == 1
    assert "choice coverage 66.7% is below --min-coverage 70%" in err
    assert "choices never taken: nodes.opening.choices[2]" in out
    assert run_cli("playtest", str(path), "--runs", "0", "--min-coverage", "60")[0] == 0
    assert run_cli("playtest", str(path), "--runs", "100", "--min-coverage", "100")[0] == 0


def test_text_report(tmp_path: Path) -> None:
    code, out, err = run_cli("playtest", str(write(tmp_path, minimal())), "--runs", "10")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].endswith(": tiny (seed 0, 10 random plays)")
    assert lines[1] == "  best ending: 3 stars"
    assert lines[2].split() == ["policy", "plays", "best", "ending", "avg", "steps", "trust", "pressure"]
    assert lines[4].split()[:3] == ["pusher", "1", "0.0%"]
    assert lines[5].split()[:3] == ["helper", "1", "100.0%"]
    assert "  coverage: nodes 1/1 (100%), choices 2/2 (100.0%), endings 2/2, interrupts 0/0" in lines


def test_json_report_shape(tmp_path: Path) -> None:
    code, out, err = run_cli("playtest", str(write(tmp_path, minimal())), "--runs", "5", "--seed", "9", "--format", "json")
    data = json.loads(out)
    assert (data["seed"], data["runs"], data["ok"]) == (9, 5, True)
    (s,) = data["scenarios"]
    assert s["scenario"] == "tiny" and s["best_stars"] == 3
    assert set(s["policies"]) == {"random", "pusher", "helper"}
    assert s["policies"]["helper"] == {
        "plays": 1,
        "endings": {"won": 1},
        "best_ending_share": 1.0,
        "average_steps": 1.0,
        "trust": {"min": 50, "max": 50},
        "pressure": {"min": 10, "max": 10},
    }
    assert s["coverage"]["choices"] == {"seen": 2, "total": 2, "percent": 100.0}


def test_an_invalid_scenario_fails_with_its_errors(tmp_path: Path) -> None:
    doc = minimal()
    doc["nodes"]["opening"]["choices"][0]["next"] = "nowhere"
    code, out, err = run_cli("playtest", str(write(tmp_path, doc)))
    assert code == 1
    assert 'next = "nowhere" names no node or ending' in err
    assert "not played: 1 error(s)" in out


def test_a_pack_is_playtested_scenario_by_scenario(tmp_path: Path) -> None:
    bad = minimal()
    bad["start"] = "missing"
    pack = make_pack(tmp_path / "p", "p", {"a": minimal(), "b": {**bad, "id": "b"}})
    code, out, err = run_cli("playtest", str(pack), "--format", "json", "--runs", "3")
    data = json.loads(out)
    assert code == 1 and not data["ok"]
    assert [(s["scenario"], s["ok"]) for s in data["scenarios"]] == [("tiny", True), (None, False)]


def test_the_builtin_pack_playtests_cleanly() -> None:
    code, out, err = run_cli("playtest", str(BUILTIN_PACK_DIR), "--runs", "20", "--format", "json")
    assert code == 0, err
    assert all(s["ok"] for s in json.loads(out)["scenarios"])


@pytest.mark.parametrize("argv", [["--runs", "-1"], ["--min-coverage", "101"]])
def test_usage_errors_exit_2(tmp_path: Path, argv: list[str]) -> None:
    assert run_cli("playtest", str(write(tmp_path, minimal())), *argv)[0] == 2


def test_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    code, out, err = run_cli("playtest", str(tmp_path / "nope.toml"))
    assert code == 2 and "not found" in err


def scaffold_file(tmp_path: Path) -> Path:
    """The `new pack` example: worlds "files-lost" (best 3 stars) and "files-fine" (best 2), and two tests."""
    new_pack(tmp_path / "p")
    return tmp_path / "p" / "scenarios" / "first-call.toml"


def test_bots_play_in_every_world_and_each_world_is_judged_by_its_own_best(tmp_path: Path) -> None:
    result = playtest_path(scaffold_file(tmp_path), runs=40, seed=2).scenarios[0]
    assert result.ok and [(w.world, w.best_stars) for w in result.worlds] == [("files-lost", 3), ("files-fine", 2)]
    lost, fine = ({p.policy: p for p in w.policies} for w in result.worlds)
    assert dict(lost["helper"].endings) == {"signed": 1}  # asks, then qualifies: right when the files are lost
    assert dict(fine["helper"].endings) == {"not_yet": 1}  # ... and wrong when they are fine
    assert fine["random"].endings["signed"] == 0 and lost["random"].endings["signed"] > 0
    assert fine["random"].best_plays == fine["random"].endings["spreadsheet"]  # 2 stars is the best there
    assert lost["random"].best_plays == lost["random"].endings["signed"]
    totals = {p.policy: p for p in result.policies}
    assert totals["random"].plays == 80 and totals["helper"].plays == 2
    assert totals["random"].best_plays == lost["random"].best_plays + fine["random"].best_plays
    assert totals["helper"].endings == lost["helper"].endings + fine["helper"].endings
    assert totals["random"].trust.low == min(lost["random"].trust.low, fine["random"].trust.low)


def test_the_text_report_gives_each_world(tmp_path: Path) -> None:
    code, out, err = run_cli("playtest", str(scaffold_file(tmp_path)), "--runs", "30")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].endswith(": first-call (seed 0, 30 random plays in each of 2 worlds)")
    assert lines[1] == "  best ending: 3 stars"
    lost = lines.index("  world files-lost: Sam's office loses client files every week. (best ending: 3 stars)")
    fine = lines.index("  world files-fine: Sam's files are fine: the call was a favour to a friend. (best ending: 2 stars)")
    assert lost < fine
    assert lines[lost + 1].split()[0] == "policy" and lines[lost + 1].startswith("    ")
    assert lines[fine + 4].split()[:3] == ["helper", "1", "0.0%"]  # qualifies without listening: lost here
    assert lines[fine + 5].split() == ["ending", "random", "pusher", "helper"]
    assert lines[fine + 6].split() == ["signed", "0", "0", "0"]  # nothing to sign when the files are fine
    assert any(line.startswith("  coverage (all worlds): nodes 4/4") for line in lines)


def test_the_json_report_gives_each_world(tmp_path: Path) -> None:
    code, out, err = run_cli("playtest", str(scaffold_file(tmp_path)), "--runs", "10", "--format", "json")
    (s,) = json.loads(out)["scenarios"]
    assert [(w["id"], w["label"], w["best_stars"]) for w in s["worlds"]] == [
        ("files-lost", "Sam's office loses client files every week.", 3),
        ("files-fine", "Sam's files are fine: the call was a favour to a friend.", 2),
    ]
    assert s["worlds"][1]["policies"]["helper"]["endings"] == {"not_yet": 1}
    assert s["policies"]["random"]["plays"] == 20 and s["best_stars"] == 3


def test_a_one_world_scenario_has_no_world_section(tmp_path: Path) -> None:
    data = json.loads(run_cli("playtest", str(write(tmp_path, minimal())), "--format", "json")[1])
    assert "worlds" not in data["scenarios"][0]
    out = run_cli("playtest", str(write(tmp_path, minimal())))[1]
    assert "  world " not in out and " worlds)" not in out and "coverage (all worlds)" not in out


def test_a_failing_test_fails_the_playtest_and_the_scenario_is_still_played(tmp_path: Path) -> None:
    file = scaffold_file(tmp_path)
    file.write_text(file.read_text().replace('choices = ["why-today", 2]\nending = "spreadsheet"', 'choices = ["why-today", 2]\nending = "signed"'))
    code, out, err = run_cli("playtest", str(file), "--runs", "5")
    assert code == 1
    assert 'error: test "asking, then helping, is a good ending with either buyer" fails in world "files-lost"' in err
    assert "[tests[1].ending]" in err and err.count("test-failed") == 0  # codes are in JSON, not in text
    assert "  tests: 2 failed (listed below)" in out and "world files-fine" in out  # one failure per world
    data = json.loads(run_cli("playtest", str(file), "--runs", "5", "--format", "json")[1])
    assert not data["ok"] and not data["scenarios"][0]["ok"]
    assert [e["code"] for e in data["scenarios"][0]["errors"]] == ["test-failed", "test-failed"]
    assert data["scenarios"][0]["policies"]["helper"]["plays"] == 2


def test_each_scripted_play_is_printed_ready_to_replay(tmp_path: Path) -> None:
    """Every bot's play in every world, as `play` options that replay it to the same ending."""
    new_pack(tmp_path / "p")
    file = tmp_path / "p" / "scenarios" / "first-call.toml"
    code, out, _ = run_cli("playtest", str(file), "--runs", "5")
    assert code == 0
    lines = out.splitlines()
    head = lines.index(f"  scripted plays (replay one: python -m trainer play {file} <options shown>):")
    shown = [line.strip() for line in lines[head + 1 : head + 5]]
    assert shown == [
        "pusher -> walked_out: --world files-lost --choices 1,2",
        "helper -> signed: --world files-lost --choices why-today,1",
        "pusher -> walked_out: --world files-fine --choices 1,2",
        "helper -> not_yet: --world files-fine --choices why-today,1",
    ]
    for line in shown:
        ending, options = line.split(" -> ")[1].split(": ")
        code, report, err = run_cli("play", str(file), *options.split(), "--json")
        assert code == 0, err
        assert json.loads(report)["ending"]["id"] == ending
    code, out, _ = run_cli("playtest", str(file), "--runs", "5", "--format", "json")
    scripted = json.loads(out)["scenarios"][0]["scripted"]
    assert scripted[1] == {"policy": "helper", "world": "files-lost", "choices": "why-today,1", "ending": "signed"}


def test_a_looping_bot_is_printed_unfinished_with_its_loop(tmp_path: Path) -> None:
    doc = minimal()
    doc["nodes"]["opening"]["choices"][0] = {"text": "Buy now!", "tactic": "close", "next": "opening", "feedback": "Again."}
    path = tmp_path / "loop.toml"
    path.write_text(tomli_w.dumps(doc), encoding="utf-8")
    code, out, _ = run_cli("playtest", str(path), "--runs", "1")
    (pusher,) = [line.strip() for line in out.splitlines() if line.strip().startswith("pusher -> ")]
    assert pusher == "pusher -> (unfinished): --choices " + ",".join(["1"] * MAX_PLAY_STEPS)


def test_the_surface_cue_players_are_reported_in_text_and_json(tmp_path: Path) -> None:
    path = write(tmp_path, minimal())  # "Buy now!" loses, "What brings you here?" wins
    code, out, err = run_cli("playtest", str(path), "--runs", "10", "--player", "first,last", "--player", "longest")
    assert code == 0 and err == ""
    shown = next(line for line in out.splitlines() if "surface cues, stars:" in line)
    assert shown.startswith("  surface cues, stars: first 0.00, last 3.00, longest 3.00, random ")
    assert "    that choice ends in \"?\": 1 (100%)" in out.splitlines()
    code, out, err = run_cli("playtest", str(path), "--runs", "0", "--format", "json")
    cues = json.loads(out)["scenarios"][0]["cues"]
    assert list(cues["stars"]) == ["first", "last", "longest", "shortest", "longest-question", "first-question", "competitor", "you-words"]
    assert cues["decisions"] == {"decisions": 1, "longest": 1, "question": 1, "longest_share": 1.0, "question_share": 1.0}


def test_a_pack_ends_with_the_cues_over_all_its_scenarios(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "p", "p", {"a": minimal(), "b": {**minimal(), "id": "b"}})
    code, out, err = run_cli("playtest", str(pack), "--runs", "0", "--player", "last")
    assert code == 0, err
    tail = out.splitlines()[-5:]
    assert tail[0] == "surface cues over 2 scenarios:"
    assert tail[1].split() == ["last", "3.00", "stars", "per", "scenario"]
    assert tail[2].endswith("decisions where exactly one choice keeps the sure best: 2")
    code, out, err = run_cli("playtest", str(pack), "--runs", "0", "--player", "none", "--format", "json")
    assert json.loads(out)["cues"]["stars_per_scenario"] == {}


def test_player_list_and_an_unknown_player(tmp_path: Path) -> None:
    path = write(tmp_path, minimal())
    code, out, err = run_cli("playtest", str(path), "--player", "list")
    assert code == 0 and [line.split()[0] for line in out.splitlines()][:2] == ["first", "last"]
    assert len(out.splitlines()) == 8
    code, out, err = run_cli("playtest", str(path), "--player", "first,closer")
    assert code == 2 and out == "" and "no player 'closer'" in err and "you-words" in err


def test_the_cues_random_player_is_the_playtests_random_plays_not_a_second_set() -> None:
    loaded = load_doc(two_worlds())  # worlds of weights 1 and 2
    tested = playtest_scenario(loaded, runs=25, seed=3, players=["first"])
    assert tested.cues is not None
    played_again = scenario_cues(loaded, ["first"], runs=25, seed=3)  # the same seeded plays, played anew
    assert tested.cues.stars[RANDOM] == pytest.approx(played_again.stars[RANDOM])
    assert tested.cues.stars == pytest.approx(played_again.stars)
    assert 0 < tested.cues.stars[RANDOM] < 3
    assert playtest_scenario(loaded, runs=25, seed=3, players=None).cues is None  # graph --coverage: plays only
