"""Catalogue import and export against openpyxl's own read and write time of the same sheet.

One run generates a 3,000-requirement workbook (8 working groups, Norwegian-like text of
200-600 characters), then measures, best of several repetitions each:

- openpyxl alone reading it (`read_only=True, data_only=True`, every row with `values_only`);
- openpyxl alone writing the same table (`Workbook(write_only=True)`);
- `kravbot import requirements FILE` into a fresh, migrated SQLite database (the CLI's own
  `bot.cli.main`, minus process start; migrating and creating the groups are not timed);
- `kravbot export requirements --format xlsx -o FILE` of those 3,000 requirements.

    .venv/bin/python -m bench.catalogue [--quick] [--check]

The last line is `bench catalogue: key=value ...`. `--check` exits 1 if import or export takes
more than twice openpyxl's time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from bot.cli import main as kravbot
from storage.database import Database
from storage.migrate import upgrade
from vocabulary import GroupKind

GROUPS = (
    ("INST", "Institusjon"),
    ("MYN", "Myndighetsutøvelse"),
    ("TEK", "Teknisk"),
    ("ARK", "Arkiv"),
    ("HJT", "Hjemmetjeneste"),
    ("RUS", "Rus og psykiatri"),
    ("TMNFE", "TMNFE"),
    ("STY", "Styringsdata"),
)
HEADERS = ["Krav-ID", "Arbeidsgruppe", "Kategori", "Kravtekst", "Type", "Vekt", "Kilde"]
HEADERS += ["Begrunnelse", "Status"]
_PROSE = (
    "systemet skal kunne støtte dokumentasjon av tiltak i pasientjournalen for hjemmetjenesten "
    "med tilgangsstyring basert på tjenstlig behov og logging av alle oppslag brukeren skal få "
    "varsel når vedtaket endres det må være mulig å registrere avvik knyttet til legemidler "
    "løsningen skal integreres med kjernejournal e-resept og helsenettet via standardiserte "
    "grensesnitt leverandøren skal beskrive hvordan data eksporteres ved kontraktens utløp "
    "arbeidsflyten for tildeling av tjenester skal følge saksbehandlingsreglene "
    "i forvaltningsloven "
    "sykepleier lege fysioterapeut og ergoterapeut skal ha egne maler for rapportering"
)
WORDS = tuple(_PROSE.split())
CATEGORIES = ("Dokumentasjon", "Integrasjon", "Tilgangsstyring", "Rapportering", "Legemidler")
STATUSES = ("Utkast", "Til gjennomgang", "Omforent", "Godkjent")


def _sentence(rng: random.Random, low: int, high: int) -> str:
    target = rng.randint(low, high)
    words: list[str] = []
    length = 0
    while length < target:
        word = rng.choice(WORDS)
        words.append(word)
        length += len(word) + 1
    text = " ".join(words)[:target].rstrip()
    return text[0].upper() + text[1:] + "."


def generate(count: int, seed: int = 14) -> list[list[Any]]:
    """`count` requirement rows (without the header), spread over the eight groups."""
    rng = random.Random(seed)
    rows: list[list[Any]] = []
    for number in range(count):
        code, _name = GROUPS[number % len(GROUPS)]
        rows.append(
            [
                f"{code}-{number // len(GROUPS) + 1:04d}",
                code,
                rng.choice(CATEGORIES),
                _sentence(rng, 200, 600),
                rng.choice(("Skal", "Bør")),
                rng.choice((None, 1, 2, 3, 5)),
                rng.choice(("Felles journalløft", "Workshop HJT", "Normen", "")),
                _sentence(rng, 40, 160) if rng.random() < 0.5 else "",
                rng.choice(STATUSES),
            ]
        )
    return rows


def openpyxl_write(rows: list[list[Any]], path: Path) -> None:
    """openpyxl alone: the same table in a write-only workbook."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Krav")
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def openpyxl_read(path: Path) -> int:
    """openpyxl alone: every value of the first sheet, read-only; the number of rows."""
    workbook = load_workbook(path, read_only=True, data_only=True)
    count = 0
    try:
        for _row in workbook.worksheets[0].iter_rows(values_only=True):
            count += 1
    finally:
        workbook.close()
    return count


async def _fresh_database(url: str) -> None:
    db = Database(url)
    try:
        await upgrade(db.engine)
        async with db.uow() as uow:
            for code, name in GROUPS:
                await uow.groups.add(code, name, GroupKind.WORKING)
            await uow.commit()
    finally:
        await db.dispose()


def _cli(argv: list[str]) -> None:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = kravbot(argv)
    if code != 0:
        raise RuntimeError(f"kravbot {' '.join(argv)} exited {code}")


def _best(repeat: int, run: Callable[[int], float]) -> float:
    return min(run(attempt) for attempt in range(repeat))


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def measure(directory: Path, count: int, repeat: int) -> dict[str, float]:
    """Every figure of one run."""
    rows = generate(count)
    sheet = directory / "krav.xlsx"
    openpyxl_write(rows, sheet)
    assert openpyxl_read(sheet) == count + 1

    write_s = _best(repeat, lambda n: _timed(lambda: openpyxl_write(rows, directory / "w.xlsx")))
    read_s = _best(repeat, lambda n: _timed(lambda: openpyxl_read(sheet)))

    def one_import(attempt: int) -> float:
        url = f"sqlite+aiosqlite:///{directory / f'import{attempt}.db'}"
        asyncio.run(_fresh_database(url))
        os.environ["KRAVBOT_DATABASE_URL"] = url
        return _timed(lambda: _cli(["import", "requirements", str(sheet)]))

    import_s = _best(repeat, one_import)
    exported = directory / "export.xlsx"
    export_s = _best(
        repeat,
        lambda n: _timed(
            lambda: _cli(["export", "requirements", "--format", "xlsx", "-o", str(exported)])
        ),
    )
    assert openpyxl_read(exported) == count + 1
    return {
        "import_s": import_s,
        "openpyxl_read_s": read_s,
        "import_ratio": import_s / read_s,
        "export_s": export_s,
        "openpyxl_write_s": write_s,
        "export_ratio": export_s / write_s,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print the figures and the summary line."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    options.add_argument("--quick", action="store_true", help="fewer repetitions (< 1 minute)")
    options.add_argument("--check", action="store_true", help="exit 1 if a ratio exceeds 2")
    options.add_argument("--count", type=int, default=3000, help="requirements (default 3000)")
    args = options.parse_args(argv)
    repeat = 2 if args.quick else 5
    previous = os.environ.get("KRAVBOT_DATABASE_URL")
    try:
        with tempfile.TemporaryDirectory(prefix="kravbot-bench-") as tmp:
            figures = measure(Path(tmp), args.count, repeat)
    finally:
        if previous is None:
            os.environ.pop("KRAVBOT_DATABASE_URL", None)
        else:
            os.environ["KRAVBOT_DATABASE_URL"] = previous
    print(f"{args.count} requirements, best of {repeat}")
    print(
        f"import  {figures['import_s']:.3f} s  openpyxl read  {figures['openpyxl_read_s']:.3f} s"
        f"  ratio {figures['import_ratio']:.2f}"
    )
    print(
        f"export  {figures['export_s']:.3f} s  openpyxl write {figures['openpyxl_write_s']:.3f} s"
        f"  ratio {figures['export_ratio']:.2f}"
    )
    print("bench catalogue: " + " ".join(f"{key}={value:.3f}" for key, value in figures.items()))
    if args.check and (figures["import_ratio"] > 2 or figures["export_ratio"] > 2):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
