"""The municipalities of Vestfold and Telemark (2024 numbering), built into Kravbot."""

from __future__ import annotations

from typing import Final

VESTFOLD: Final = "Vestfold"
TELEMARK: Final = "Telemark"

# (kommunenummer, name, county)
MUNICIPALITIES: Final[tuple[tuple[str, str, str], ...]] = (
    ("3901", "Horten", VESTFOLD),
    ("3903", "Holmestrand", VESTFOLD),
    ("3905", "Tønsberg", VESTFOLD),
    ("3907", "Sandefjord", VESTFOLD),
    ("3909", "Larvik", VESTFOLD),
    ("3911", "Færder", VESTFOLD),
    ("4001", "Porsgrunn", TELEMARK),
    ("4003", "Skien", TELEMARK),
    ("4005", "Notodden", TELEMARK),
    ("4010", "Siljan", TELEMARK),
    ("4012", "Bamble", TELEMARK),
    ("4014", "Kragerø", TELEMARK),
    ("4016", "Drangedal", TELEMARK),
    ("4018", "Nome", TELEMARK),
    ("4020", "Midt-Telemark", TELEMARK),
    ("4022", "Seljord", TELEMARK),
    ("4024", "Hjartdal", TELEMARK),
    ("4026", "Tinn", TELEMARK),
    ("4028", "Kviteseid", TELEMARK),
    ("4030", "Nissedal", TELEMARK),
    ("4032", "Fyresdal", TELEMARK),
    ("4034", "Tokke", TELEMARK),
    ("4036", "Vinje", TELEMARK),
)
