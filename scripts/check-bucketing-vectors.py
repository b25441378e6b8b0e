#!/usr/bin/env python3
"""Checks fixtures/bucketing-vectors.json with an independent implementation of algorithm fnv1a32-v2.

    python3 scripts/check-bucketing-vectors.py [FILE]

Exit 0 when every case matches. A port to another language should reproduce these few lines:
FNV-1a 32-bit over UTF-16 code units; bucket = fnv(str(fnv(seed + id))) % 10000; variation i owns
[100 * sum(w[:i]), 100 * sum(w[:i+1])).
"""
import json
import sys
from pathlib import Path


def fnv1a32(text: str) -> int:
    h = 0x811C9DC5
    data = text.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h ^= data[i] | (data[i + 1] << 8)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def bucket(seed: str, ident: str) -> int:
    return fnv1a32(str(fnv1a32(seed + ident))) % 10000


def variation(weights, b):
    end = 0
    for i, w in enumerate(weights):
        end += w * 100
        if b < end:
            return i
    return -1


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "fixtures" / "bucketing-vectors.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    failures = 0
    for case in doc["cases"]:
        b = bucket(case["seed"], case["id"])
        v = variation(case["weights"], b)
        if b != case["bucket"] or v != case["variation_index"]:
            failures += 1
            print(f"MISMATCH {case!r}: bucket {b}, variation {v}")
    print(f"{len(doc['cases']) - failures} of {len(doc['cases'])} cases match ({doc['version']})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
