"""`make run`: open cyclemap on a demo library made from examples/.

The demo library lives in .demo-library/ (ignored by git). Examples missing from it are copied in
each time; maps already there are left alone, so what you change in the demo stays.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = ROOT / ".demo-library"


def main() -> int:
    LIBRARY.mkdir(mode=0o700, exist_ok=True)
    for example in sorted((ROOT / "examples").glob("*.toml")):
        target = LIBRARY / example.name
        if not target.exists():
            shutil.copyfile(example, target)
            target.chmod(0o600)
    from cyclemap.cli import main as cyclemap

    return cyclemap(["--data-dir", str(LIBRARY), *sys.argv[1:]])


if __name__ == "__main__":
    raise SystemExit(main())
