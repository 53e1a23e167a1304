"""Conversation store benchmark: the timings the chat window depends on.

Builds a database in a temporary folder (or --db FILE) holding --conversations short
conversations and one long conversation of --messages messages (realistic text, meta,
a few branches), then prints:

1. opening the database (what the app does at start-up);
2. list_conversations over all conversations (the sidebar);
3. active_path of the long conversation, cold (fresh connection) and warm (opening it);
4. update_message on a growing streaming answer (the once-a-second hot path), median and worst;
5. add_message; switch_branch in the long conversation;
6. search: an English word, a Chinese substring, a 2-character (LIKE) query;
7. export to JSON and import back, of the long conversation.

Usage: python benchmarks/bench_store.py [--conversations 1000] [--messages 2000] [--db FILE]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "app"))

from llamadesk.core.store import Store  # noqa: E402

# A Zipf-like vocabulary: a few very common words, a long tail of rare ones (like real text).
COMMON = ["the", "a", "to", "of", "and", "is", "in", "that", "it", "for", "model", "token"]
RARE = ["quantization", "latency", "context", "layer", "memory", "python", "function", "table"]
VOCABULARY = COMMON + RARE + [f"word{n}" for n in range(5000)]
WEIGHTS = [1 / (rank + 1) for rank in range(len(VOCABULARY))]
CHINESE = "我们明天去北京天安门广场看升旗仪式然后去吃烤鸭这个模型在本地运行速度很快"


def text(rng: random.Random, words: int) -> str:
    body = " ".join(rng.choices(VOCABULARY, WEIGHTS, k=words))
    if rng.random() < 0.2:
        start = rng.randrange(len(CHINESE) - 8)
        body += " " + CHINESE[start : start + rng.randint(4, 8)]
    return body


def meta(rng: random.Random) -> dict:
    return {
        "sampling": {"temperature": 0.7, "top_p": 0.95, "top_k": 40, "seed": rng.randrange(2**31)},
        "prompt_tokens": rng.randrange(20, 4000),
        "generated_tokens": rng.randrange(10, 800),
        "tokens_per_second": rng.uniform(5, 80),
        "time_to_first_token": rng.uniform(0.05, 2),
        "finish_reason": "stop",
    }


def build(store: Store, conversations: int, messages: int) -> tuple[int, int]:
    rng = random.Random(1)
    with store._write() as db:  # bulk load in one transaction; the store API is timed below
        for n in range(conversations):
            cid = db.execute(
                "INSERT INTO conversations (title, created_at, updated_at, pinned) "
                "VALUES (?, ?, ?, ?)",
                (f"Conversation {n}: {text(rng, 4)}", n * 1000, n * 1000, int(n % 97 == 0)),
            ).lastrowid
            parent = None
            for turn in range(6):
                parent = db.execute(
                    "INSERT INTO messages (conversation_id, parent_id, role, content, "
                    "created_at, model, meta_json) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        cid,
                        parent,
                        "user" if turn % 2 == 0 else "assistant",
                        text(rng, rng.randint(10, 150)),
                        n * 1000 + turn,
                        None if turn % 2 == 0 else "llama-3.2-1b-Q4_K_M.gguf",
                        "{}",
                    ),
                ).lastrowid
            db.execute("UPDATE conversations SET current_leaf_id = ? WHERE id = ?", (parent, cid))
    long = store.create_conversation("The long one")
    parent, branch_point = None, None
    for n in range(messages):
        role = "user" if n % 2 == 0 else "assistant"
        message = store.add_message(
            long.id,
            parent,
            role,
            text(rng, rng.randint(20, 300)),
            model=None if role == "user" else "llama-3.2-1b-Q4_K_M.gguf",
            meta=None if role == "user" else meta(rng),
        )
        if n == messages // 2:
            branch_point = parent
        parent = message.id
    for _ in range(3):  # a few regenerated answers half-way
        store.add_message(long.id, branch_point, "assistant", text(rng, 50), model="other.gguf")
    store.switch_branch(parent)
    return long.id, branch_point


def timed(label: str, action: Callable[[], object], repeat: int = 5) -> object:
    results, times = None, []
    for _ in range(repeat):
        started = time.perf_counter()
        results = action()
        times.append(time.perf_counter() - started)
    print(
        f"  {label:<48} {min(times) * 1000:8.2f} ms  (median {statistics.median(times) * 1000:.2f})"
    )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=1000)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--db", type=Path, help="database file (default: a temporary one)")
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    path = args.db or Path(folder.name) / "conversations.sqlite3"

    started = time.perf_counter()
    with Store(path) as store:
        long_id, branch_point = build(store, args.conversations, args.messages)
        print(f"Built {path} in {time.perf_counter() - started:.1f} s (full-text: {store.fts})")
    print(f"  size {path.stat().st_size / 1e6:.1f} MB + WAL")

    print("Timings (best of 5):")
    stores: list[Store] = []
    timed("open the database", lambda: stores.append(Store(path)), repeat=1)
    store = stores[0]
    timed("active_path, 2,000 messages, first call", lambda: store.active_path(long_id), 1)
    path_ = timed("active_path, 2,000 messages", lambda: store.active_path(long_id))
    print(f"    ({len(path_)} messages on the shown branch)")
    listed = timed("list_conversations", store.list_conversations)
    print(f"    ({len(listed)} conversations)")

    answer = store.add_message(long_id, path_[-1].id, "assistant", "", status="streaming")
    content, updates = "", []
    for _ in range(200):  # ~200 s of streaming, 40 tokens a second
        content += text(random.Random(len(updates)), 40) + " "
        started = time.perf_counter()
        store.update_message(answer.id, content=content)
        updates.append(time.perf_counter() - started)
    store.update_message(answer.id, status="complete", meta={"finish_reason": "stop"})
    print(
        f"  {'update_message while streaming (to ' + str(len(content) // 1000) + ' KB)':<48} "
        f"{statistics.median(updates) * 1000:8.2f} ms  (worst {max(updates) * 1000:.2f})"
    )
    timed("add_message", lambda: store.add_message(long_id, None, "user", "hello there"))
    siblings = store.siblings(store.message_tree(long_id)[-1].id)[2]
    timed("switch_branch (and reload the path)", lambda: store.switch_branch(siblings[0]))
    timed("search 'quantization latency' (FTS)", lambda: store.search("quantization latency"))
    timed("search '天安门广场' (FTS trigram)", lambda: store.search("天安门广场"))
    timed("search '北京' (2 characters: LIKE)", lambda: store.search("北京"))
    exported = timed("export_json of the long conversation", lambda: store.export_json(long_id), 3)
    print(f"    ({len(exported) / 1e6:.1f} MB)")
    timed("import_json of it", lambda: store.import_json(exported), 3)
    store.close()
    folder.cleanup()
    _ = branch_point


if __name__ == "__main__":
    main()
