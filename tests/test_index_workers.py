"""A first listing of many files reads them in worker processes (store.index.read_records):
the listing, the index it writes and the broken files' reasons are exactly those of reading
them one by one, and without workers to be had it reads them itself."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Run in a process of its own: the test runner's threads would (rightly) keep workers away.
SCRIPT = r"""
import json, os, sys
from pathlib import Path
from cyclemap.store import Library, index, layout

layout.RACY_NS = 0  # the files were written a moment ago: keep them in the index all the same
root = Path(sys.argv[1])
used = []
real = index._read_by_workers
def counting(to_read, read_entry, *rest):
    found = real(to_read, read_entry, *rest)
    used.append(found is not None)
    return found
index._read_by_workers = counting

def listing():
    (root / ".index.json").unlink(missing_ok=True)
    entries = Library(root).summaries()
    rows = [(e.id, e.map and tuple(e.map), e.error) for e in entries]
    return rows, json.loads((root / ".index.json").read_text())

by_workers = listing()
index.WORKERS_FROM = 10**9
alone = listing()
print(json.dumps({"used": used, "same": by_workers == alone, "count": len(alone[0])}))
"""


def test_many_files_read_by_workers_list_as_one_by_one(tmp_path):
    example = (ROOT / "examples" / "sunday-nights.toml").read_text()
    root = tmp_path / "library"
    root.mkdir(mode=0o700)
    count = 1_050
    for number in range(count):
        text = example.replace('id = "sunday-nights"', f'id = "map-{number}"', 1)
        if number % 100 == 7:
            text = text.replace("[[partners]]", "[[partner]]", 1)  # broken: a reason to keep
        path = root / f"map-{number}.toml"
        path.write_text(text)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(root)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    import json

    found = json.loads(result.stdout)
    assert found["count"] == count
    assert found["same"] is True
    multicore = len(os.sched_getaffinity(0)) > 1
    assert found["used"] == [multicore]
