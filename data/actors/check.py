#!/usr/bin/env python3
"""Check dyad's actor dictionaries against FORMAT.md (standard library only).

Usage: python3 data/actors/check.py [DIR]

Reads countries.txt, organizations.txt and agents.txt in DIR (default: the
directory of this script) and reports
  - malformed lines (wrong number of fields, empty or badly formed codes,
    empty names, empty values between ';'),
  - the same value given twice on one line,
  - a name that can match the same text as another name with a different
    code (matching is case-aware: a value with capitals matches only that
    spelling; an all-lowercase value matches any case),
  - a country/region code used on more than one line of countries.txt,
and prints counts per file. Exit status 1 if any error was found.
"""
import os
import re
import sys
from collections import defaultdict

# CAMEO type (sector) codes, from CAMEO.type.txt, plus SET (settlers) and
# REL (religious; named as a sector code in FORMAT.md).
TYPE_CODES = {
    "COP", "GOV", "INS", "JUD", "MIL", "OPP", "REB", "SEP", "SPY", "UAF",
    "AGR", "BUS", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "HLH", "HRI",
    "LAB", "LEG", "MED", "REF", "MOD", "RAD", "AMN", "IRC", "GRP", "UNO",
    "PKO", "UIS", "IGO", "IMG", "INT", "MNC", "NGM", "NGO", "SET", "REL",
}

# file name -> (number of fields, index of the code field, name fields)
LAYOUT = {
    "countries.txt": (4, 0, (1, 2, 3)),
    "organizations.txt": (3, 0, (1, 2)),
    "agents.txt": (3, 1, (0,)),
}

CODE_RE = re.compile(r"^(?:[A-Z]{3})+$")


class Report:
    def __init__(self):
        self.errors = 0
        self.warnings = 0

    def error(self, where, msg):
        self.errors += 1
        print(f"ERROR   {where}: {msg}")

    def warn(self, where, msg):
        self.warnings += 1
        print(f"WARNING {where}: {msg}")


def match_key(value):
    """Values that can match the same text share a key (case-folded)."""
    return value.casefold()


def parse(path, fname, rep):
    nfields, code_i, name_is = LAYOUT[fname]
    entries = []  # (lineno, code, [values])
    with open(path, encoding="utf-8") as fh:
        for lineno, raw in enumerate(fh, 1):
            line = raw.rstrip("\n")
            where = f"{fname}:{lineno}"
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if "\t" in line:
                rep.warn(where, "tab character in line")
            fields = [f.strip() for f in line.split("|")]
            if len(fields) != nfields:
                rep.error(where, f"expected {nfields} fields separated by ' | ', found {len(fields)}")
                continue
            code = fields[code_i]
            if not code:
                rep.error(where, "empty code")
                continue
            if not CODE_RE.match(code):
                rep.error(where, f"code {code!r} is not upper-case letters in groups of three")
                continue
            if fname == "countries.txt" and len(code) != 3:
                rep.error(where, f"country/region code {code!r} should be three letters")
            if fname == "agents.txt":
                parts = [code[i:i + 3] for i in range(0, len(code), 3)]
                bad = [p for p in parts if p not in TYPE_CODES]
                if bad:
                    rep.error(where, f"agent code {code!r} has non-sector part(s) {bad}")
            values = []
            for fi in name_is:
                field = fields[fi]
                if not field:
                    continue
                parts = [v.strip() for v in field.split(";")]
                for v in parts:
                    if not v:
                        rep.error(where, f"empty value in field {fi + 1} (stray ';')")
                        continue
                    values.append(v)
            if not values:
                rep.error(where, "no names")
                continue
            if fname == "countries.txt" and not fields[1]:
                rep.error(where, "empty names field")
            seen = set()
            for v in values:
                if v in seen:
                    rep.warn(where, f"value {v!r} repeated on the same line")
                seen.add(v)
                if v != v.strip() or "  " in v:
                    rep.warn(where, f"odd white space in {v!r}")
                if fname == "agents.txt" and v != v.lower():
                    rep.warn(where, f"agent term {v!r} has capitals (matches only that spelling)")
            entries.append((lineno, code, values))
    return entries


def conflicts(groups, rep):
    """groups: list of (fname, entries) that share one namespace."""
    by_key = defaultdict(list)  # key -> [(value, code, where)]
    for fname, entries in groups:
        for lineno, code, values in entries:
            for v in set(values):
                by_key[match_key(v)].append((v, code, f"{fname}:{lineno}"))
    for key, items in sorted(by_key.items()):
        codes = {c for _, c, _ in items}
        if len(codes) < 2:
            continue
        # Two values collide when they can match the same text: identical
        # spelling, or one of them is all lower case (matches any case).
        for i in range(len(items)):
            for j in range(i + 1, len(items)):
                v1, c1, w1 = items[i]
                v2, c2, w2 = items[j]
                if c1 == c2:
                    continue
                if v1 == v2 or v1 == v1.lower() or v2 == v2.lower():
                    rep.error(w2, f"{v2!r} → {c2} collides with {v1!r} → {c1} at {w1}")


def main():
    base = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    rep = Report()
    parsed = {}
    for fname in LAYOUT:
        path = os.path.join(base, fname)
        if not os.path.exists(path):
            rep.error(fname, "file missing")
            parsed[fname] = []
            continue
        parsed[fname] = parse(path, fname, rep)

    # one line per code in countries.txt
    first = {}
    for lineno, code, _ in parsed["countries.txt"]:
        if code in first:
            rep.warn(f"countries.txt:{lineno}", f"code {code} already used at line {first[code]}")
        else:
            first[code] = lineno

    # actors share a namespace; agents are a namespace of their own but must
    # not shadow actor names either
    conflicts([("countries.txt", parsed["countries.txt"]),
               ("organizations.txt", parsed["organizations.txt"])], rep)
    conflicts([("agents.txt", parsed["agents.txt"])], rep)
    actor_keys = {}
    for fname in ("countries.txt", "organizations.txt"):
        for lineno, code, values in parsed[fname]:
            for v in values:
                actor_keys.setdefault(match_key(v), (v, code, f"{fname}:{lineno}"))
    for lineno, code, values in parsed["agents.txt"]:
        for v in values:
            hit = actor_keys.get(match_key(v))
            if hit:
                rep.warn(f"agents.txt:{lineno}", f"agent term {v!r} is also actor name {hit[0]!r} → {hit[1]} at {hit[2]}")

    print()
    for fname, entries in parsed.items():
        nvalues = sum(len(v) for _, _, v in entries)
        ncodes = len({c for _, c, _ in entries})
        print(f"{fname:18} {len(entries):4} entries  {ncodes:4} distinct codes  {nvalues:5} values")
    print(f"{rep.errors} error(s), {rep.warnings} warning(s)")
    return 1 if rep.errors else 0


if __name__ == "__main__":
    sys.exit(main())
