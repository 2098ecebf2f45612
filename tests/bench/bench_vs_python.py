#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The peer of bench_vs_python.sh: the same jobs done the way robocorp-planhat does them,
with requests: sequential offset paging (sort=_id, 5,000 asked per page, until an empty page)
and 5,000-row bulk PUTs one after another. Writes its output like planhat-cli does.

Usage:
  bench_vs_python.py list BASE_URL TOKEN TYPE json|csv OUT
  bench_vs_python.py import BASE_URL TOKEN TYPE CSV_FILE RESULTS_FILE
"""
import csv
import json
import sys

import requests

PAGE = 5000


def session(token):
    s = requests.Session()
    s.headers.update({"Authorization": "Bearer " + token,
                      "Content-Type": "application/json", "Accept": "application/json"})
    return s


def pages(s, base, type_name):
    offset = 0
    while True:
        r = s.get(f"{base}/{type_name}", params={"limit": PAGE, "offset": offset, "sort": "_id"})
        r.raise_for_status()
        rows = r.json()
        if not rows:
            return
        yield rows
        offset += len(rows)


def cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        if any(isinstance(v, (list, dict)) for v in value):
            return json.dumps(value, separators=(",", ":"))
        return ";".join(cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def list_command(base, token, type_name, fmt, out):
    s = session(token)
    if fmt == "json":
        with open(out, "w", encoding="utf-8") as f:
            f.write("[")
            first = True
            for rows in pages(s, base, type_name):
                for row in rows:
                    f.write("\n" if first else ",\n")
                    f.write(json.dumps(row, separators=(",", ":"), ensure_ascii=False))
                    first = False
            f.write("]\n" if first else "\n]\n")
        return
    # CSV: the columns are every field found, so every row is kept until the end.
    rows = []
    columns = {}
    for page in pages(s, base, type_name):
        for row in page:
            flat = {}
            for key, value in row.items():
                if key == "custom" and isinstance(value, dict):
                    for name, v in value.items():
                        flat["custom." + name] = v
                else:
                    flat[key] = value
            for key in flat:
                columns.setdefault(key, None)
            rows.append(flat)
    names = list(columns)
    if "_id" in names:
        names.remove("_id")
        names.insert(0, "_id")
    with open(out, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(names)
        for flat in rows:
            writer.writerow([cell(flat.get(n)) for n in names])


def import_command(base, token, type_name, csv_file, results_file):
    s = session(token)
    with open(csv_file, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        items = [dict(row) for row in reader]
    with open(results_file, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["row", "status"])
        for start in range(0, len(items), PAGE):
            chunk = items[start:start + PAGE]
            r = s.put(f"{base}/{type_name}", data=json.dumps(chunk))
            if r.status_code not in (200, 206):
                r.raise_for_status()
            answer = r.json()
            failed = {e.get("index") for e in answer.get("createdErrors", []) + answer.get("updatedErrors", [])}
            for i in range(len(chunk)):
                writer.writerow([start + i + 1, "failed" if i in failed else "ok"])


def main(argv):
    if len(argv) == 7 and argv[1] == "list":
        list_command(*argv[2:])
    elif len(argv) == 7 and argv[1] == "import":
        import_command(*argv[2:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
