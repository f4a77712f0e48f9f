"""The baseline of `cyclemap list`: a plain Python loop parsing every map file with tomllib.

python benchmarks/tomllib_loop.py LIBRARY
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path


def main(folder: str) -> None:
    count = 0
    for path in sorted(Path(folder).glob("*.toml")):
        with open(path, "rb") as file:
            tomllib.load(file)
        count += 1
    print(count)


if __name__ == "__main__":
    main(sys.argv[1])
