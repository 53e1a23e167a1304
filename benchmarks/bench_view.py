"""Benchmark of the conversation view (not a test): streaming cost per frame, opening time.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_view.py

Prints:
* append_stream_text + processEvents per frame while a 128 KB answer streams in 20-character
  pieces (target: worst < 16 ms), and how much was re-rendered per frame;
* set_messages(2,000 messages) + first paint (target: < 1 s);
* hostile messages (a table of 20,000 rows, a line of 1 MB, a code block of 5 MB, 5 MB of
  prose), opened and streamed: the longest turn of the event loop (target: < 100 ms), the
  time until all is shown, and the process's peak memory.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app"))


from PySide6.QtWidgets import QApplication

from llamadesk.ui.conversation import ConversationView, MessageItem

PROSE = (
    "Local models trade a little quality for privacy and speed. The **quantization** you "
    "pick decides how much memory the weights take, and `Q4_K_M` is a good default for "
    "most machines; see [the guide](https://example.com/guide) for details. "
)
CODE = '''```python
def fibonacci(limit: int) -> list[int]:
    """Numbers of the Fibonacci sequence below ``limit``."""
    numbers = [0, 1]
    while numbers[-1] + numbers[-2] < limit:
        numbers.append(numbers[-1] + numbers[-2])  # the next one
    return numbers
```
'''
TABLE = """| Quantization | Size | Quality |
|---|---:|---|
| Q8_0 | 8.5 GB | nearly lossless |
| Q5_K_M | 5.7 GB | very good |
| Q4_K_M | 4.9 GB | good |
"""
LIST = "1. Download the model.\n2. Load it with **8192** tokens of context.\n3. Ask away.\n"


def long_answer(size: int) -> str:
    """A Markdown answer of about ``size`` characters: prose, lists, code and tables."""
    parts: list[str] = []
    total = 0
    section = 0
    while total < size:
        section += 1
        piece = f"## Section {section}\n\n{PROSE * 3}\n\n{LIST}\n{CODE}\n{PROSE * 2}\n\n{TABLE}\n"
        parts.append(piece)
        total += len(piece)
    return "".join(parts)[:size]


def conversation(count: int) -> list[MessageItem]:
    items = []
    for index in range(count):
        if index % 2 == 0:
            items.append(MessageItem(index + 1, "user", f"Question {index}: how does this work?"))
        else:
            items.append(
                MessageItem(
                    index + 1,
                    "assistant",
                    f"Answer {index}.\n\n{PROSE * 2}\n\n{LIST}\n{CODE}",
                    model="Llama 3.2 1B",
                    meta={
                        "generated_tokens": 180,
                        "tokens_per_second": 31.5,
                        "generation_seconds": 5.7,
                    },
                )
            )
    return items


def bench_stream(app: QApplication, size: int, piece: int) -> None:
    view = ConversationView()
    view.open_links_externally = False
    view.resize(1000, 800)
    view.show()
    view.set_messages(conversation(20))
    app.processEvents()
    text = long_answer(size)
    view.begin_stream(MessageItem(10_000, "assistant", "", status="streaming", model="bench"))
    app.processEvents()
    times: list[float] = []
    cpu_times: list[float] = []
    renders: list[int] = []
    rendered_chars: list[int] = []
    pauses: list[float] = []  # full (generation 2) garbage collections while streaming
    started = [0.0]

    def on_gc(phase: str, info: dict) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        elif info["generation"] == 2:
            pauses.append((time.perf_counter() - started[0]) * 1000)

    gc.callbacks.append(on_gc)
    stats = view.render_stats
    for start in range(0, len(text), piece):
        before_blocks, before_chars = stats.blocks_rendered, stats.chars_rendered
        began, began_cpu = time.perf_counter(), time.thread_time()
        view.append_stream_text(text[start : start + piece])
        app.processEvents()
        times.append((time.perf_counter() - began) * 1000)
        cpu_times.append((time.thread_time() - began_cpu) * 1000)
        renders.append(stats.blocks_rendered - before_blocks)
        rendered_chars.append(stats.chars_rendered - before_chars)
    gc.callbacks.remove(on_gc)
    view.end_stream(MessageItem(10_000, "assistant", text, model="bench"))
    app.processEvents()
    tenth = len(times) // 10
    print(f"streaming {len(text) / 1024:.0f} KB in {piece}-char pieces: {len(times)} frames")
    for label, values in (("wall time", times), ("CPU time ", cpu_times)):
        ordered = sorted(values)
        print(
            f"  append_stream_text + processEvents, {label}: "
            f"average {statistics.fmean(values):.2f} ms, "
            f"median {statistics.median(values):.2f} ms, "
            f"p99 {ordered[int(len(values) * 0.99)]:.2f} ms, worst {ordered[-1]:.2f} ms, "
            f"frames over 16 ms: {sum(value > 16 for value in values)}"
        )
    print(
        f"  median of the first tenth {statistics.median(cpu_times[:tenth]):.2f} ms CPU, "
        f"of the last tenth {statistics.median(cpu_times[-tenth:]):.2f} ms CPU "
        "(flat = the cost does not grow with the answer)"
    )
    if pauses:
        print(
            f"  full garbage collections during the stream: {len(pauses)}, "
            f"longest {max(pauses):.1f} ms (a pause of the whole process, not of the view)"
        )
    print(
        f"  blocks re-rendered per frame: max {max(renders)}, "
        f"characters re-rendered per frame: average {statistics.fmean(rendered_chars):.0f}, "
        f"max {max(rendered_chars)}"
    )
    worst = max(times)
    print(f"  target worst < 16 ms: {'met' if worst < 16 else 'NOT met'}")
    view.close()
    view.deleteLater()


def bench_open(app: QApplication, count: int) -> None:
    items = conversation(count)
    view = ConversationView()
    view.resize(1000, 800)
    view.show()
    app.processEvents()
    began = time.perf_counter()
    view.set_messages(items)
    app.processEvents()
    view.repaint()
    elapsed = (time.perf_counter() - began) * 1000
    print(
        f"set_messages({count} messages) + first paint: {elapsed:.0f} ms "
        f"({view.built_message_count()} messages built; target < 1000 ms: "
        f"{'met' if elapsed < 1000 else 'NOT met'})"
    )
    view.close()
    view.deleteLater()


HOSTILE = {
    "table of 20,000 rows": "| n | square | note |\n|---|---:|---|\n"
    + "".join(f"| {n} | {n * n} | row {n} |\n" for n in range(20_000)),
    "line of 1 MB": "x" * 1_000_000,
    "code block of 5 MB": "```python\n"
    + "".join(f"value_{n} = compute({n}, 'text')  # note\n" for n in range(120_000))
    + "```\n",
    "5 MB of prose": ("A paragraph of ordinary prose that goes on. " * 20 + "\n\n") * 5_000,
}


def bench_hostile(app: QApplication) -> None:
    view = ConversationView()
    view.resize(1000, 800)
    view.show()
    app.processEvents()
    for name, text in HOSTILE.items():
        view.set_messages([MessageItem(1, "user", "go")])
        app.processEvents()
        began = time.perf_counter()
        view.set_messages([MessageItem(1, "user", "go"), MessageItem(2, "assistant", text)])
        turns = [time.perf_counter() - began]
        body = view.message_widget(2).body
        while body.building:
            turn = time.perf_counter()
            app.processEvents()
            turns.append(time.perf_counter() - turn)
        turn = time.perf_counter()
        app.processEvents()
        view.repaint()
        turns.append(time.perf_counter() - turn)
        opened = time.perf_counter() - began
        view.begin_stream(MessageItem(3, "assistant", "", status="streaming"))
        frames, began = [], time.perf_counter()
        for start in range(0, len(text), 4000):  # a very fast model: 4,000 characters a frame
            frame = time.perf_counter()
            view.append_stream_text(text[start : start + 4000])
            app.processEvents()
            frames.append(time.perf_counter() - frame)
        view.end_stream(MessageItem(3, "assistant", text))
        app.processEvents()
        streamed = time.perf_counter() - began
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{name}: opened in {opened * 1000:.0f} ms, longest turn {max(turns) * 1000:.0f} ms;"
            f" streamed in {streamed:.1f} s, longest frame {max(frames) * 1000:.0f} ms;"
            f" peak memory {peak:.0f} MiB (target: turns and frames < 100 ms)"
        )
    view.close()
    view.deleteLater()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=128 * 1024, help="answer size (chars)")
    parser.add_argument("--piece", type=int, default=20, help="characters per frame")
    parser.add_argument("--messages", type=int, default=2000)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    bench_open(app, args.messages)
    bench_stream(app, args.size, args.piece)
    bench_hostile(app)


if __name__ == "__main__":
    main()
