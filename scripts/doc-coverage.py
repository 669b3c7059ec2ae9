#!/usr/bin/env python3
"""Lists the public declarations without a doc comment in the given modules.

    scripts/doc-coverage.py SYMBOLGRAPH_DIR MODULE...

Reads the symbol graphs that `swift package dump-symbol-graph
--minimum-access-level public` writes (one MODULE.symbols.json per module),
prints `path:line: kind name` for each public declaration written in the
module's sources without a `///` comment (synthesized members have no source
location and are skipped), then a count per module. Exits 1 when any is
missing.
"""
import json
import os
import sys
import urllib.parse


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    directory, modules = sys.argv[1], sys.argv[2:]
    root = os.getcwd()
    missing_total = 0
    for module in modules:
        path = os.path.join(directory, f"{module}.symbols.json")
        with open(path, encoding="utf-8") as file:
            graph = json.load(file)
        missing = set()
        public = 0
        for symbol in graph["symbols"]:
            if symbol["accessLevel"] not in ("public", "open"):
                continue
            location = symbol.get("location")
            if not location:
                continue
            public += 1
            if symbol.get("docComment"):
                continue
            source = os.path.relpath(urllib.parse.unquote(location["uri"].removeprefix("file://")), root)
            line = location["position"]["line"] + 1
            missing.add((source, line, symbol["kind"]["identifier"], ".".join(symbol["pathComponents"])))
        for source, line, kind, name in sorted(missing):
            print(f"{source}:{line}: {kind} {name}")
        print(f"{module}: {public} public declarations, {len(missing)} without a doc comment")
        missing_total += len(missing)
    return 1 if missing_total else 0


if __name__ == "__main__":
    sys.exit(main())
