"""Server memory during and after the upload of one huge single-line file.

Starts ``streamlit run app.py`` on a fresh store (the bundled sample), opens the page in headless
Chromium, and for each input uploads it through the file input and samples the server's resident
memory (``/proc/PID/statm``, every 10 ms) until the upload's outcome is on the page:

* ``24 MB one-line .txt``: one line of made-up news words with money amounts, no line break;
* ``20 MB JSONL line``: one JSON object whose ``text`` is a single 20 MB line.

Figures per input: ``idle`` (the server after the first render, settled), ``peak`` (highest
sample from the upload until 3 s after its outcome), ``after`` (5 s after the outcome, the page
idle), and peak over idle as a multiple of the file's size. MB are 10**6 bytes.

Run from the project root: ``python benchmarks/upload_memory_bench.py [--root DIR]``; ``--root``
runs another checkout's ``app.py`` (e.g. an older commit unpacked with ``git archive``) with this
script's browser and inputs, for a before/after comparison.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

import dashboard_page as dp  # noqa: E402
import streamlit_server  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

MB = 1_000_000
_WORDS = (
    "the startup said on Tuesday that it raised $4 million in a seed round led by Ashgrove "
    "Partners while rivals were fined €2.5 million by the regulator and another firm bought "
    "a smaller one for $120 million in cash as markets fell and investors waited"
).split()


def one_line(size: int, seed: int = 0) -> bytes:
    """``size`` bytes of words on a single line (no line break at all)."""
    rng = random.Random(seed)
    out = bytearray()
    while len(out) < size:
        out += " ".join(rng.choices(_WORDS, k=64)).encode() + b" "
    return bytes(out[:size])


def jsonl_line(size: int) -> bytes:
    """One JSON object on one line whose text is a ``size``-byte single line."""
    return json.dumps({"title": "One long wire story", "text": one_line(size, 1).decode()}).encode()


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/statm") as fh:
        return int(fh.read().split()[1]) * 4096 / MB


class Sampler(threading.Thread):
    """The highest RSS of ``pid`` since the last ``reset``."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop = pid, 0.0, False

    def reset(self) -> None:
        self.peak = rss_mb(self.pid)

    def run(self) -> None:
        while not self.stop:
            self.peak = max(self.peak, rss_mb(self.pid))
            time.sleep(0.01)


def settle(pid: int, seconds: float) -> float:
    time.sleep(seconds)
    return rss_mb(pid)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout whose app.py to run")
    args = parser.parse_args()
    streamlit_server.ROOT = args.root.resolve()
    streamlit_server.APP = streamlit_server.ROOT / "app.py"
    inputs = [
        ("24 MB one-line .txt", "one_line.txt", one_line(24 * MB)),
        ("20 MB JSONL line", "one_line.jsonl", jsonl_line(20 * MB)),
    ]
    print(f"app: {streamlit_server.APP}")
    summary = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=streamlit_server.CHROMIUM, args=streamlit_server.CHROMIUM_ARGS
        )
        for label, name, data in inputs:
            server = streamlit_server.StreamlitServer(Path(tmp) / name / "store").start()
            try:
                assert server.proc is not None
                pid = server.proc.pid
                page = dp.open_dashboard(browser, server.url)
                idle = settle(pid, 3.0)
                sampler = Sampler(pid)
                sampler.reset()
                sampler.start()
                started = time.monotonic()
                dp.upload(page, name, data)
                done = page.get_by_text(f"{name}: 1 article read", exact=False)
                expect(done.first).to_be_visible(timeout=300_000)
                took = time.monotonic() - started
                time.sleep(3.0)
                peak = sampler.peak
                dp.wait_idle(page, timeout_ms=60_000)
                after = settle(pid, 5.0)
                sampler.stop = True
                page.context.close()
                size = len(data) / MB
                print(
                    f"{label}: idle {idle:.0f} MB, peak {peak:.0f} MB "
                    f"(+{peak - idle:.0f} MB = {(peak - idle) / size:.1f}x the file), "
                    f"after {after:.0f} MB (+{after - idle:.0f} MB), outcome in {took:.1f} s"
                )
                summary.append(f"{label} peak +{peak - idle:.0f} after +{after - idle:.0f} MB")
            finally:
                server.stop()
        browser.close()
    print("summary: " + "; ".join(summary))


if __name__ == "__main__":
    main()
