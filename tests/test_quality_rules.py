"""The quality rules: Norwegian (bokmål and nynorsk) and English examples that must and must not
trigger each rule, property tests of their invariants, and extending the rule book from files."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dialogs.quality.book import load_book
from dialogs.quality.rules import (
    MAX_SCORE,
    Fields,
    assess,
    findings,
    fingerprint,
    normalised,
)

BOOK = load_book()
SOURCE = "Felles journalløft, kravbank"
WHY = "Kommunene trenger det."


def hits(text: str, rule: str, *, type: str = "should") -> tuple[str, ...] | None:
    """The words with which `rule` fires on `text` (None when it does not fire)."""
    found = {f.rule: f for f in findings(BOOK, Fields(text, type, SOURCE, WHY))}
    return found[rule].words if rule in found else None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Løsningen skal være brukervennlig og rask.", ("brukervennlig", "rask")),
        ("Løysinga skal vere brukarvenleg og ha raske svar.", ("brukarvenleg", "raske")),
        ("Løsningen bør gi et raskere og enklere skjermbilde.", ("raskere", "enklere")),
        (
            "Løysinga bør vere fleksibel og ha eit intuitivt brukargrensesnitt.",
            ("fleksibel", "intuitivt"),
        ),
        ("Løsningen skal ha fleksible maler og moderne design.", ("fleksible", "moderne")),
        ("Rapportene skal gi god og effektiv oversikt.", ("god", "effektiv")),
        (
            "The solution shall be fast, user-friendly and easy to use.",
            ("fast", "user-friendly", "easy"),
        ),
    ],
)
def test_vague_words_trigger(text: str, words: tuple[str, ...]) -> None:
    assert hits(text, "vague") == words


@pytest.mark.parametrize(
    "text",
    [
        "Løsningen skal gi fastlegen tilgang til pasientens legemiddelliste.",
        "Løsningen skal vise oversikt over vedtak for hver enkelt bruker.",
        "Løysinga skal svare innan 2 sekund for den enkelte brukaren.",
        "Løsningen skal følge god praksis for logging etter Normen.",
        "The solution shall answer within 2 seconds at the 95th percentile.",
        "Løsningen skal være godkjent etter Normen.",
    ],
)
def test_vague_words_do_not_trigger_on_terms(text: str) -> None:
    assert hits(text, "vague") is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Løsningen bør om mulig støtte talegjenkjenning.", ("om mulig",)),
        ("Løysinga skal ved behov sende varsel til pårørande.", ("ved behov",)),
        ("Løsningen skal så langt det passer følge FHIR.", ("så langt det passer",)),
        ("Løysinga bør dersom mogleg vise bilete.", ("dersom mogleg",)),
        ("The solution should where possible support FHIR.", ("where possible",)),
    ],
)
def test_escape_clauses_trigger(text: str, words: tuple[str, ...]) -> None:
    assert hits(text, "escape") == words


@pytest.mark.parametrize(
    "text",
    [
        "Løsningen skal gjøre det mulig å eksportere til PDF.",
        "Løsningen skal vise behovet for tjenester per bruker.",
        "The solution shall make it possible to export to PDF.",
    ],
)
def test_escape_clauses_do_not_trigger(text: str) -> None:
    assert hits(text, "escape") is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Løsningen skal vise vedtak, tiltak osv. for brukeren.", ("osv",)),
        ("Løsningen skal sende meldinger, blant annet epikrise.", ("blant annet",)),
        ("Løysinga skal vise mellom anna vedtak og tiltak.", ("mellom anna",)),
        ("Løsningen skal eksportere til Excel, PDF m.m.", ("m.m",)),
        ("The solution shall export to Excel, PDF etc.", ("etc",)),
    ],
)
def test_open_ends_trigger(text: str, words: tuple[str, ...]) -> None:
    assert hits(text, "open_end") == words


def test_open_end_does_not_trigger_on_a_closed_list() -> None:
    assert hits("Løsningen skal eksportere til Excel og PDF.", "open_end") is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Løsningen skal sende og/eller motta meldinger.", ("og/eller",)),
        ("Løsningen skal logge oppslag og skal varsle ved brudd.", ("skal", "skal")),
        ("Løysinga skal lagre vedtaket og bør sende det til brukaren.", ("skal", "bør")),
        ("The solution shall log reads and/or writes.", ("and/or",)),
    ],
)
def test_combinators_trigger(text: str, words: tuple[str, ...]) -> None:
    assert hits(text, "combinator") == words


def test_one_requirement_is_no_combinator() -> None:
    assert hits("Løsningen skal sende og motta PLO-meldinger.", "combinator") is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Dette skal vises for brukeren.", ("Dette",)),
        ("Løsningen skal lagre planen. Den skal kunne skrives ut.", ("Den",)),
        ("Desse skal sendast til fastlegen.", ("Desse",)),
        ("It shall be shown on the start page.", ("It",)),
    ],
)
def test_pronouns_without_subject_trigger(text: str, words: tuple[str, ...]) -> None:
    assert hits(text, "pronoun") == words


@pytest.mark.parametrize(
    "text",
    [
        "Det skal være mulig å eksportere rapporter.",
        "Den enkelte kommune skal kunne tilpasse malene.",
        "Løsningen skal vise denne oversikten på storskjerm.",
    ],
)
def test_pronouns_do_not_trigger(text: str) -> None:
    assert hits(text, "pronoun") is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Alle endringer skal logges.", ("skal logges",)),
        ("Journalen skal kunne skrives ut.", ("skal kunne skrives",)),
        ("Vedtaket skal registrerast i fagsystemet.", ("skal registrerast",)),
        ("Meldinga skal bli sendt til fastlegen.", ("skal bli sendt",)),
        ("All changes shall be logged.", ("shall be logged",)),
    ],
)
def test_passives_without_agent_trigger(text: str, words: tuple[str, ...]) -> None:
    assert hits(text, "passive") == words


@pytest.mark.parametrize(
    "text",
    [
        "Vedtaket skal godkjennes av saksbehandler.",
        "Løsningen skal logge alle endringer.",
        "The solution shall be available in Norwegian.",
    ],
)
def test_active_or_agent_passives_do_not_trigger(text: str) -> None:
    assert hits(text, "passive") is None


def test_unverifiable_must_requirement() -> None:
    assert hits("Løsningen skal være rask.", "unverifiable", type="must") == ("rask",)
    assert hits("Løysinga skal vere betre enn i dag.", "unverifiable", type="must") == ("betre",)
    # A number makes it verifiable; a should requirement is evaluated, not verified.
    assert (
        hits("Løsningen skal være rask: svar innen 2 sekunder.", "unverifiable", type="must")
        is None
    )
    assert hits("Løsningen bør være rask.", "unverifiable", type="should") is None


def test_missing_rationale_source_and_length() -> None:
    bare = findings(BOOK, Fields("Løsningen skal logge all lesing av journaler.", "must"))
    assert {f.rule for f in bare} == {"no_rationale", "no_source"}
    assert hits("For kort.", "length") == ()
    short = [f for f in findings(BOOK, Fields("For kort.", "must", SOURCE, WHY))]
    assert [(f.rule, f.count) for f in short] == [("length", 9)]
    long_text = "Løsningen skal logge all lesing av journaler. " * 10
    assert [
        f.count
        for f in findings(BOOK, Fields(long_text, "must", SOURCE, WHY))
        if f.rule == "length"
    ] == [len(long_text.strip())]


def test_score_subtracts_penalties_of_open_findings_only() -> None:
    fields = Fields("Løsningen skal være brukervennlig og rask.", "must", SOURCE, WHY)
    everything = assess(BOOK, fields)
    assert everything.score == MAX_SCORE - BOOK.penalties["vague"] - BOOK.penalties["unverifiable"]
    dismissed = assess(BOOK, fields, frozenset({"vague"}))
    assert dismissed.score == MAX_SCORE - BOOK.penalties["unverifiable"]
    assert [f.rule for f in dismissed.dismissed] == ["vague"]


# ----------------------------------------------------------------------- properties

WORDS = st.sampled_from(
    [
        "Løsningen",
        "skal",
        "bør",
        "være",
        "rask",
        "brukervennlig",
        "om",
        "mulig",
        "osv.",
        "og/eller",
        "Dette",
        "den",
        "registreres",
        "av",
        "kommunen",
        "2",
        "sekunder",
        "etc.",
        "blant",
        "annet",
        "enkle",
        "raskt",
        "fleksible",
        ",",
        ".",
        ";",
        "vedtak",
        "tiltak",
        "pasient",
        "bruker",
        "Løysinga",
        "vere",
        "brukarvenleg",
    ]
)
TEXTS = st.one_of(
    st.lists(WORDS, max_size=40).map(" ".join),
    st.text(max_size=300),
)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, type=st.sampled_from(["must", "should"]))
def test_every_span_is_inside_the_text_and_names_its_words(text: str, type: str) -> None:
    for finding in findings(BOOK, Fields(text, type)):
        assert len(finding.words) == len(finding.spans)
        for (start, end), word in zip(finding.spans, finding.words, strict=True):
            assert 0 <= start < end <= len(text)
            assert text[start:end] == word


@settings(max_examples=200, deadline=None)
@given(text=TEXTS, dismissed=st.sets(st.sampled_from(sorted(BOOK.penalties))))
def test_score_stays_between_0_and_100_and_dismissing_never_lowers_it(
    text: str, dismissed: set[str]
) -> None:
    fields = Fields(text, "must")
    base = assess(BOOK, fields)
    relieved = assess(BOOK, fields, frozenset(dismissed))
    assert 0 <= base.score <= relieved.score <= MAX_SCORE
    assert {f.rule for f in relieved.findings} | {f.rule for f in relieved.dismissed} == {
        f.rule for f in base.findings
    }


@given(text=st.text(max_size=200), spaces=st.sampled_from([" ", "  ", "\n", "\t "]))
def test_fingerprint_ignores_case_and_spacing_but_not_words(text: str, spaces: str) -> None:
    respaced = spaces.join(text.split())
    assert fingerprint(respaced) == fingerprint(text) == fingerprint(normalised(text))
    assert fingerprint(text + " ekstra") != fingerprint(text)
    assert fingerprint("Løsningen SKAL logge") == fingerprint("løsningen skal  logge")


def test_the_lead_extends_word_lists_and_rules_from_a_directory(tmp_path: Path) -> None:
    (tmp_path / "vague.txt").write_text("# project words\nsaumløs\n", encoding="utf-8")
    (tmp_path / "rules.toml").write_text("[rules.vague]\npenalty = 40\n", encoding="utf-8")
    extended = load_book(tmp_path)
    fields = Fields("Løsningen bør gi en saumløs overgang.", "should", SOURCE, WHY)
    assert [f.words for f in findings(extended, fields)] == [("saumløs",)]
    assert findings(BOOK, fields) == []
    assert extended.penalties["vague"] == 40 and extended.version != BOOK.version


def test_quality_dir_setting_is_checked_at_start(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from bot.config import ConfigError, load_settings

    monkeypatch.setenv("KRAVBOT_QUALITY_DIR", str(tmp_path / "missing"))
    with pytest.raises(ConfigError, match="KRAVBOT_QUALITY_DIR"):
        load_settings()
    (tmp_path / "rules.toml").write_text("[rules.vague\n", encoding="utf-8")
    monkeypatch.setenv("KRAVBOT_QUALITY_DIR", str(tmp_path))
    with pytest.raises(ConfigError, match="KRAVBOT_QUALITY_DIR"):
        load_settings()
    (tmp_path / "rules.toml").write_text("[rules.vague]\npenalty = 30\n", encoding="utf-8")
    assert load_settings().quality_path == tmp_path
