"""Places, organisations, the energy topic and datelines against Reuters-21578 labels.

    python bench/reuters_bench.py [--data DIR] [--limit N] [--offset K] [--rules-only]
                                  [--raw-model] [--show]

Reads `../shared/data/reuters-train/articles.jsonl` (or `--data DIR`) where it lies, never
copying it into the project (research use only), and scores as the data README says:

- each article is analysed as the archive ingests a text: the title, a blank line, then the
  dateline and the body;
- places and organisations, per article: the place entities and the organisation entities the
  analysis finds are mapped to the Reuters labels by the tables below (written once: a country
  by its names, and a capital or main city for its country; an organisation by its names and
  acronym). Precision and recall over the articles' label sets; a name the tables do not map
  is counted apart ("unmapped"), not as wrong: the labels say what a story is about, not every
  place it mentions, so precision is a floor;
- energy: the archive's `energy` topic (any keyword match) against the `energy` label;
- datelines: the day `find_dateline` reads from the text, against the gold `published` day.
  Reuters datelines carry no year ("BAHRAIN, Oct 19 -"), so the run gives the reader the year
  it knows (`find_dateline(text, year=1987)`): only the month and day are the archive's
  reading;
- `--offset K` skips the first K articles: the default 2,000 are the ones looked at while
  working, a later stretch is a held-out check;
- `--raw-model` scores the spaCy model alone, as the baseline the analysis must beat: its GPE
  and LOC spans as places and its ORG spans as organisations, by their text, with no rule.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "reuters-train"
YEAR = 1987  # the year of the whole set: the run's, since datelines omit it
DEFAULT_LIMIT = 2000

# The states, and the abbreviations of them the wire writes ("Conn.", "Calif."): each stands
# for the United States as a city does.
US_STATES = (
    "Alabama", "Ala", "Alaska", "Arizona", "Ariz", "Arkansas", "Ark", "California", "Calif",
    "Colorado", "Colo", "Connecticut", "Conn", "Delaware", "Del", "Florida", "Fla", "Georgia",
    "Ga", "Hawaii", "Idaho", "Illinois", "Ill", "Indiana", "Ind", "Iowa", "Kansas", "Kan",
    "Kentucky", "Ky", "Louisiana", "La", "Maine", "Maryland", "Md", "Massachusetts", "Mass",
    "Michigan", "Mich", "Minnesota", "Minn", "Mississippi", "Miss", "Missouri", "Mo", "Montana",
    "Mont", "Nebraska", "Neb", "Nevada", "Nev", "New Hampshire", "N.H.", "New Jersey", "N.J.",
    "New Mexico", "N.M.", "New York State", "N.Y.", "North Carolina", "N.C.", "North Dakota",
    "Ohio", "Oklahoma", "Okla", "Oregon", "Ore", "Pennsylvania", "Pa", "Rhode Island", "R.I.",
    "South Carolina", "S.C.", "South Dakota", "Tennessee", "Tenn", "Texas", "Tex", "Utah",
    "Vermont", "Vt", "Virginia", "Va", "Washington State", "Wash", "West Virginia", "Wisconsin",
    "Wis", "Wyoming", "Wyo",
)  # fmt: skip

# Place labels: a code names the country its words spell ("west-germany": West Germany); the
# table adds other names, and the capital and main cities that stand for the country.
PLACE_NAMES: dict[str, tuple[str, ...]] = {
    "usa": ("United States", "U.S.", "US", "USA", "America", "Washington", "New York",
            "Chicago", "Houston", "Los Angeles", "San Francisco", "Boston", "Dallas",
            "Philadelphia", "Detroit", "Pittsburgh", "Atlanta", "Miami", "St Louis",
            "Minneapolis", "Cleveland", "Denver", "Seattle", *US_STATES),
    "uk": ("United Kingdom", "Britain", "Great Britain", "U.K.", "UK", "England", "London",
           "Scotland"),
    "canada": ("Ottawa", "Toronto", "Montreal", "Vancouver", "Calgary", "Alberta", "Ontario",
               "Quebec", "British Columbia", "Saskatchewan", "Manitoba"),
    "japan": ("Tokyo", "Osaka"),
    "west-germany": ("Germany", "Bonn", "Frankfurt", "Hamburg", "Munich", "Duesseldorf"),
    "east-germany": ("East Berlin",),
    "france": ("Paris",),
    "brazil": ("Brasilia", "Rio de Janeiro", "Sao Paulo"),
    "australia": ("Canberra", "Sydney", "Melbourne"),
    "belgium": ("Brussels", "Antwerp"),
    "china": ("Beijing", "Peking", "Shanghai"),
    "ussr": ("Soviet Union", "USSR", "Moscow", "Russia"),
    "switzerland": ("Berne", "Bern", "Zurich", "Geneva"),
    "netherlands": ("Holland", "Amsterdam", "The Hague", "Rotterdam"),
    "italy": ("Rome", "Milan"),
    "hong-kong": ("Hong Kong",),
    "iran": ("Tehran",),
    "philippines": ("Manila",),
    "sweden": ("Stockholm",),
    "new-zealand": ("New Zealand", "Wellington", "Auckland"),
    "taiwan": ("Taipei",),
    "south-africa": ("South Africa", "Pretoria", "Johannesburg", "Cape Town"),
    "spain": ("Madrid",),
    "south-korea": ("South Korea", "Korea", "Seoul"),
    "north-korea": ("North Korea", "Pyongyang"),
    "argentina": ("Buenos Aires",),
    "indonesia": ("Jakarta",),
    "ecuador": ("Quito",),
    "india": ("New Delhi", "Delhi", "Bombay"),
    "saudi-arabia": ("Saudi Arabia", "Riyadh"),
    "iraq": ("Baghdad",),
    "turkey": ("Ankara", "Istanbul"),
    "mexico": ("Mexico City",),
    "venezuela": ("Caracas",),
    "thailand": ("Bangkok",),
    "malaysia": ("Kuala Lumpur",),
    "denmark": ("Copenhagen",),
    "yugoslavia": ("Belgrade",),
    "colombia": ("Bogota",),
    "egypt": ("Cairo",),
    "greece": ("Athens",),
    "finland": ("Helsinki",),
    "peru": ("Lima",),
    "kuwait": (),
    "portugal": ("Lisbon",),
    "uae": ("United Arab Emirates", "UAE", "Abu Dhabi", "Dubai"),
    "nigeria": ("Lagos",),
    "nicaragua": ("Managua",),
    "bahrain": ("Manama",),
    "algeria": ("Algiers",),
    "bolivia": ("La Paz",),
    "austria": ("Vienna",),
    "bangladesh": ("Dhaka",),
    "pakistan": ("Islamabad", "Karachi"),
    "israel": ("Jerusalem", "Tel Aviv"),
    "sri-lanka": ("Sri Lanka", "Colombo"),
    "norway": ("Oslo",),
    "zambia": ("Lusaka",),
    "costa-rica": ("Costa Rica", "San Jose"),
    "ireland": ("Dublin",),
    "hungary": ("Budapest",),
    "libya": ("Tripoli",),
    "morocco": ("Rabat",),
    "poland": ("Warsaw",),
    "chile": ("Santiago",),
    "ivory-coast": ("Ivory Coast", "Abidjan"),
    "jordan": ("Amman",),
    "qatar": ("Doha",),
    "cuba": ("Havana",),
    "panama": (),
    "lebanon": ("Beirut",),
    "kenya": ("Nairobi",),
    "zimbabwe": ("Harare",),
    "jamaica": ("Kingston",),
    "syria": ("Damascus",),
    "tunisia": ("Tunis",),
    "dominican-republic": ("Dominican Republic", "Santo Domingo"),
    "czechoslovakia": ("Prague",),
    "romania": ("Bucharest",),
    "kampuchea": ("Cambodia", "Phnom Penh"),
    "burma": ("Myanmar", "Rangoon"),
    "yemen-arab-republic": ("Yemen", "Sanaa"),
    "trinidad-tobago": ("Trinidad and Tobago", "Trinidad"),
}  # fmt: skip

ORG_NAMES: dict[str, tuple[str, ...]] = {
    "ec": ("European Community", "European Economic Community", "EC", "EEC",
           "European Commission", "Common Market", "European Communities"),
    "worldbank": ("World Bank",),
    "imf": ("International Monetary Fund", "IMF"),
    "opec": ("OPEC", "Organization of Petroleum Exporting Countries",
             "Organisation of Petroleum Exporting Countries"),
    "gatt": ("GATT", "General Agreement on Tariffs and Trade"),
    "ico-coffee": ("International Coffee Organization", "International Coffee Organisation",
                   "ICO"),
    "icco": ("International Cocoa Organization", "International Cocoa Organisation", "ICCO"),
    "oecd": ("OECD", "Organisation for Economic Co-operation and Development",
             "Organization for Economic Cooperation and Development"),
    "unctad": ("UNCTAD", "United Nations Conference on Trade and Development"),
    "adb-africa": ("African Development Bank",),
    "adb-asia": ("Asian Development Bank",),
    "un": ("United Nations", "UN", "U.N."),
    "inro": ("International Natural Rubber Organization", "INRO"),
    "itc": ("International Tin Council", "ITC"),
    "fao": ("Food and Agriculture Organization", "FAO"),
    "iea": ("International Energy Agency", "IEA"),
    "eib": ("European Investment Bank", "EIB"),
    "atpc": ("Association of Tin Producing Countries", "ATPC"),
    "gcc": ("Gulf Cooperation Council", "GCC"),
    "oapec": ("OAPEC", "Organisation of Arab Petroleum Exporting Countries",
              "Organization of Arab Petroleum Exporting Countries"),
    "isa": ("International Sugar Organization", "International Sugar Agreement", "ISO"),
    "iwc-wheat": ("International Wheat Council", "IWC"),
    "bis": ("Bank for International Settlements", "BIS"),
    "euratom": ("Euratom",),
    "ida": ("International Development Association", "IDA"),
    "comecon": ("Comecon", "COMECON"),
    "asean": ("ASEAN", "Association of South East Asian Nations"),
    "efta": ("EFTA", "European Free Trade Association"),
}  # fmt: skip


def _key(name: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", "", name.replace("-", " ")).split()).casefold()


def label_table(
    names: dict[str, tuple[str, ...]], codes_spell_names: bool, codes: set[str] = frozenset()
) -> dict[str, str]:
    """Name -> label. Where codes spell names, every label in the data names its country
    even without an entry ("uruguay": Uruguay)."""
    table = {}
    for code in sorted({*names, *codes}):
        spelt = (code.replace("-", " "),) if codes_spell_names else ()
        for name in (*names.get(code, ()), *spelt):
            table.setdefault(_key(name), code)
    return table


@dataclass
class Tally:
    right: int = 0
    wrong: int = 0
    found: int = 0
    missed: int = 0

    def add(self, predicted: set[str], gold: set[str]) -> None:
        self.right += len(predicted & gold)
        self.wrong += len(predicted - gold)
        self.found += len(gold & predicted)
        self.missed += len(gold - predicted)

    def line(self, label: str) -> str:
        p = self.right / (self.right + self.wrong) if self.right + self.wrong else 1.0
        r = self.found / (self.found + self.missed) if self.found + self.missed else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return (
            f"{label:<14} {p:6.3f} {r:6.3f} {f:6.3f}   "
            f"{self.right:5} {self.wrong:5} {self.found:5} {self.missed:6}"
        )


def labels_of(entities, kind: str, table: dict[str, str], unmapped: Counter) -> set[str]:
    codes = set()
    for hit in entities:
        if hit.kind != kind:
            continue
        found = {table[k] for k in map(_key, (hit.name, *hit.aliases)) if k in table}
        if found:
            codes |= found
        else:
            unmapped[hit.name] += 1
    return codes


def article_text(record: dict) -> str:
    return f"{record['title']}\n\n{record['dateline']} {record['body']}"


def read_articles(path: Path, limit: int, offset: int = 0) -> list[dict]:
    records = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if number < offset:
                continue
            records.append(json.loads(line))
            if limit and len(records) >= limit:
                break
    return records


@dataclass(frozen=True)
class RawHit:
    name: str
    kind: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class RawAnalysis:
    entities: tuple[RawHit, ...]
    topics: tuple[str, ...] = ()


RAW_KINDS = {"GPE": "place", "LOC": "place", "ORG": "organisation"}


def raw_model_analyses(texts: list[str]) -> list[RawAnalysis]:
    """What the model alone says: each GPE, LOC and ORG span once, by its text."""
    from articles.analysis import ner

    analyses = []
    for text, spans in zip(texts, ner.propose(ner.DEFAULT_MODEL, texts), strict=True):
        hits = {
            RawHit(" ".join(text[s.start : s.end].split()), RAW_KINDS[s.label])
            for s in spans
            if s.label in RAW_KINDS
        }
        analyses.append(RawAnalysis(tuple(hits)))
    return analyses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the reuters-train folder")
    parser.add_argument(
        "--limit", type=int, default=DEFAULT_LIMIT, help="the first N articles (0: all)"
    )
    parser.add_argument("--offset", type=int, default=0, help="skip the first K articles")
    parser.add_argument("--rules-only", action="store_true", help="analysis without the model")
    parser.add_argument(
        "--raw-model", action="store_true", help="the spaCy model's own spans, no analysis"
    )
    parser.add_argument("--show", action="store_true", help="the names the tables do not map")
    args = parser.parse_args(argv)

    path = args.data / "articles.jsonl"
    if not path.is_file():
        parser.error(f"no articles.jsonl in {args.data}")
    records = read_articles(path, args.limit, args.offset)

    from articles.analysis import DEFAULT_TOPICS, analyze_many
    from articles.analysis.dates import find_dateline

    topics = {slug: topic["keywords"] for slug, topic in DEFAULT_TOPICS.items()}
    kwargs = {"ner_model": None} if args.rules_only else {}
    texts = [article_text(r) for r in records]
    started = time.process_time()
    if args.raw_model:
        analyses = raw_model_analyses(texts)
    else:
        analyses = analyze_many(texts, topics=topics, **kwargs)
    seconds = time.process_time() - started

    places = label_table(PLACE_NAMES, True, {c for r in records for c in r["places"]})
    orgs = label_table(ORG_NAMES, False)
    tallies = {"place": Tally(), "organisation": Tally(), "energy": Tally()}
    unmapped = {"place": Counter(), "organisation": Counter()}
    dated = right_day = 0
    for record, analysis in zip(records, analyses, strict=True):
        tallies["place"].add(
            labels_of(analysis.entities, "place", places, unmapped["place"]), set(record["places"])
        )
        tallies["organisation"].add(
            labels_of(analysis.entities, "organisation", orgs, unmapped["organisation"]),
            set(record["orgs"]),
        )
        tallies["energy"].add(
            {"energy"} if "energy" in analysis.topics else set(),
            {"energy"} if record["energy"] else set(),
        )
        stated = find_dateline(f"{record['dateline']}\n{record['body']}", year=YEAR)
        if stated:
            dated += 1
            right_day += stated == dt.date.fromisoformat(record["published"][:10])

    print(f"{len(records)} Reuters articles")
    print(f"{'label':<14} {'P':>6} {'R':>6} {'F1':>6}   right wrong found missed")
    for label, tally in tallies.items():
        if not (args.raw_model and label == "energy"):  # the model has no topics
            print(tally.line(label))
    for kind, names in unmapped.items():
        print(f"unmapped {kind} names: {sum(names.values())} ({len(names)} distinct)")
        if args.show:
            print("   ", ", ".join(f"{n} ({c})" for n, c in names.most_common(40)))
    print(
        f"datelines read: {dated / len(records):.3f}; the right day: "
        f"{right_day / len(records):.3f} of all articles ({right_day} of {dated} read)"
    )
    print(f"CPU {seconds / len(records) * 1000:.0f} ms per article")
    return 0


if __name__ == "__main__":
    sys.exit(main())
