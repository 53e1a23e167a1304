"""The conversation database's schema, its full-text index, and the search queries on it.

Migrations are an ordered list, applied on open (:func:`prepare`) in one transaction.
The full-text index (FTS5, external content on ``messages``, kept in sync by triggers) is
derived data that depends on the SQLite library at hand, so it lives outside the migrations:
:func:`ensure_fts` builds or rebuilds it on open. It uses the ``trigram`` tokenizer where
available (SQLite >= 3.34: substring search, also in Chinese and Japanese, which have no
spaces between words), else ``unicode61`` (whole words), else none; words the index cannot
match (shorter than three characters for trigram, CJK for unicode61) are matched with LIKE.
Answers still streaming are not indexed until they finish, so the once-a-second update of a
growing answer does not re-index it.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3

from llamadesk.core.errors import StoreError
from llamadesk.core.texts import Text

log = logging.getLogger(__name__)

# Schema migrations, in order: MIGRATIONS[n] upgrades user_version n to n + 1. Never edit a
# released entry; append a new one. The full-text index is not here: it depends on what the
# SQLite library offers, is derived data, and is (re)built by ensure_fts.
MIGRATIONS: list[tuple[str, ...]] = [
    (
        """CREATE TABLE conversations (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            title TEXT NOT NULL DEFAULT '',
            created_at INTEGER NOT NULL,  -- milliseconds since the Unix epoch
            updated_at INTEGER NOT NULL,
            pinned INTEGER NOT NULL DEFAULT 0,
            settings_json TEXT NOT NULL DEFAULT '{}',
            current_leaf_id INTEGER,
            deleted_at INTEGER
        )""",
        """CREATE TABLE messages (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            parent_id INTEGER REFERENCES messages(id) ON DELETE CASCADE,
            role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
            content TEXT NOT NULL DEFAULT '',
            created_at INTEGER NOT NULL,
            status TEXT NOT NULL DEFAULT 'complete'
                CHECK (status IN ('complete', 'streaming', 'cancelled', 'error')),
            model TEXT,
            meta_json TEXT NOT NULL DEFAULT '{}'
        )""",
        "CREATE INDEX messages_by_conversation ON messages(conversation_id, parent_id, id)",
        "CREATE INDEX messages_by_parent ON messages(parent_id, id)",
        "CREATE INDEX messages_streaming ON messages(status) WHERE status = 'streaming'",
        """CREATE INDEX conversations_listed ON conversations(pinned DESC, updated_at DESC, id DESC)
            WHERE deleted_at IS NULL""",
        """CREATE INDEX conversations_deleted ON conversations(deleted_at)
            WHERE deleted_at IS NOT NULL""",
    ),
    # 2: an answer's reasoning ("thinking"), kept apart from its text
    ("ALTER TABLE messages ADD COLUMN thinking TEXT NOT NULL DEFAULT ''",),
    # 3: documents attached to a message: their names and extracted text, in order
    (
        """CREATE TABLE attachments (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            size INTEGER NOT NULL DEFAULT 0,  -- bytes of the file it was read from
            pages INTEGER NOT NULL DEFAULT 0,
            blank_pages INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX attachments_by_message ON attachments(message_id, position)",
    ),
]
SCHEMA_VERSION = len(MIGRATIONS)

FTS_TRIGGERS = (
    """CREATE TRIGGER messages_fts_ai AFTER INSERT ON messages WHEN new.status != 'streaming'
    BEGIN
        INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
    END""",
    """CREATE TRIGGER messages_fts_ad AFTER DELETE ON messages WHEN old.status != 'streaming'
    BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, content)
            VALUES ('delete', old.id, old.content);
    END""",
    """CREATE TRIGGER messages_fts_au AFTER UPDATE OF content, status ON messages
    BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, content)
            SELECT 'delete', old.id, old.content
            WHERE old.status != 'streaming'
              AND (new.status = 'streaming' OR old.content IS NOT new.content);
        INSERT INTO messages_fts(rowid, content)
            SELECT new.id, new.content
            WHERE new.status != 'streaming'
              AND (old.status = 'streaming' OR old.content IS NOT new.content);
    END""",
)
FTS_TRIGGER_NAMES = ("messages_fts_ai", "messages_fts_ad", "messages_fts_au")
_SPACE = re.compile(r"\s")
# Markdown's marks that read as noise in one plain line: bold, code, headings' hashes (not
# "__", which is as often a Python name's: __init__)
_MARKUP = re.compile(r"\*\*|`+|(?:^|(?<=\s))#{1,6}(?=\s)")
_CJK = re.compile(  # Han, kana, Hangul and full-width forms: no spaces between words
    r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]"
)
_TRIGRAM_MIN = 3  # the trigram tokenizer matches nothing shorter


def prepare(db: sqlite3.Connection, path: object) -> str | None:
    """Open-time work: check the version, set up WAL, migrate, recover, index.

    Returns the full-text tokenizer in use (None: no full-text index).
    """
    _check_version(db.execute("PRAGMA user_version").fetchone()[0], path)  # before any write
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA foreign_keys = ON")
    if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
        with _transaction(db):  # re-read inside: another process may have just migrated
            version = db.execute("PRAGMA user_version").fetchone()[0]
            _check_version(version, path)
            for step in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[step]:
                    db.execute(statement)
                log.info("conversation database migrated to schema %d", step + 1)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    _recover_streaming(db)
    return ensure_fts(db)


def _check_version(version: int, path: object) -> None:
    if version > SCHEMA_VERSION:
        raise StoreError(
            Text(
                "The conversation database {path} was written by a newer version of LlamaDesk "
                "(schema {version}; this version knows up to {known}). Update LlamaDesk to open "
                "it; it has been left untouched.",
                path=str(path),
                version=version,
                known=SCHEMA_VERSION,
            )
        )


def _recover_streaming(db: sqlite3.Connection) -> None:
    """Answers left 'streaming' by a process that died become 'cancelled', their text kept."""
    rows = db.execute("SELECT id, meta_json FROM messages WHERE status = 'streaming'").fetchall()
    if not rows:
        return
    with _transaction(db):
        for message_id, meta_json in rows:
            try:
                meta = json.loads(meta_json)
            except ValueError:
                meta = None
            meta = meta if isinstance(meta, dict) else {}
            meta.setdefault("finish_reason", "interrupted")
            db.execute(
                "UPDATE messages SET status = 'cancelled', meta_json = ? "
                "WHERE id = ? AND status = 'streaming'",
                (json.dumps(meta, ensure_ascii=False), message_id),
            )
    log.info("%d interrupted answer(s) marked cancelled", len(rows))


def ensure_fts(db: sqlite3.Connection) -> str | None:
    """Make the full-text index match this SQLite; returns its tokenizer (None: no index)."""
    wanted = fts_tokenizer(db)
    row = db.execute("SELECT sql FROM sqlite_master WHERE name = 'messages_fts'").fetchone()
    have = None if row is None else ("trigram" if "trigram" in row[0] else "unicode61")
    triggers = {
        name
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'messages_fts%'"
        )
    }
    if wanted is not None and have == wanted and triggers == set(FTS_TRIGGER_NAMES):
        return wanted
    try:
        with _transaction(db):
            for name in triggers:
                db.execute(f"DROP TRIGGER IF EXISTS {name}")
            if wanted is None:
                return None
            db.execute("DROP TABLE IF EXISTS messages_fts")
            db.execute(
                "CREATE VIRTUAL TABLE messages_fts USING fts5(content, content='messages', "
                f"content_rowid='id', tokenize='{wanted}')"
            )
            for statement in FTS_TRIGGERS:
                db.execute(statement)
            db.execute(
                "INSERT INTO messages_fts(rowid, content) "
                "SELECT id, content FROM messages WHERE status != 'streaming'"
            )
    except sqlite3.OperationalError:  # e.g. an index built by a tokenizer this SQLite lacks
        log.warning("full-text index unavailable; searching without it", exc_info=True)
        with _transaction(db):
            for name in FTS_TRIGGER_NAMES:
                db.execute(f"DROP TRIGGER IF EXISTS {name}")
        return None
    log.info("full-text index built (%s)", wanted)
    return wanted


class _transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, *rest: object) -> None:
        if kind is None:
            self.db.execute("COMMIT")
        elif self.db.in_transaction:
            self.db.execute("ROLLBACK")


def fts_tokenizer(db: sqlite3.Connection) -> str | None:
    """The best FTS5 tokenizer this SQLite has: trigram (substrings, CJK) or unicode61."""
    for tokenizer in ("trigram", "unicode61"):
        try:
            db.execute(f"CREATE VIRTUAL TABLE temp.fts_probe USING fts5(x, tokenize='{tokenizer}')")
            db.execute("DROP TABLE temp.fts_probe")
            return tokenizer
        except sqlite3.OperationalError:
            continue
    return None


def search_titles(db: sqlite3.Connection, terms: list[str], limit: int) -> list[tuple]:
    """``(conversation_id, title, updated_at)`` of conversations whose title has every word."""
    where = " AND ".join(["title LIKE ? ESCAPE '\\'"] * len(terms))
    return db.execute(
        f"SELECT id, title, updated_at FROM conversations WHERE deleted_at IS NULL AND {where} "
        "ORDER BY updated_at DESC LIMIT ?",
        (*[like_pattern(t) for t in terms], limit),
    ).fetchall()


def search_messages(
    db: sqlite3.Connection, terms: list[str], fts: str | None, limit: int
) -> list[tuple]:
    """``(conversation_id, title, message_id, role, content, created_at)``, newest first."""
    if fts == "trigram":
        indexed = [t for t in terms if len(t) >= _TRIGRAM_MIN]
    elif fts == "unicode61":  # whole words only, and it does not split CJK text
        indexed = [t for t in terms if t.isalnum() and not _CJK.search(t)]
    else:
        indexed = []
    source, where, params, order = "messages m", "", [], "m.id"
    if indexed:  # FTS5 walks its index newest first and stops at the limit
        source = "messages_fts f JOIN messages m ON m.id = f.rowid"
        where, order = " AND messages_fts MATCH ?", "f.rowid"
        params.append(fts_query(indexed, prefix=fts == "unicode61"))
    for term in terms:
        if term not in indexed:
            where += " AND m.content LIKE ? ESCAPE '\\'"
            params.append(like_pattern(term))
    return db.execute(
        "SELECT m.conversation_id, c.title, m.id, m.role, m.content, m.created_at "
        f"FROM {source} JOIN conversations c ON c.id = m.conversation_id "
        f"WHERE c.deleted_at IS NULL{where} ORDER BY {order} DESC LIMIT ?",
        (*params, limit),
    ).fetchall()


def fts_query(terms: list[str], prefix: bool = False) -> str:
    """Each word as a quoted FTS5 string, so none of its characters is FTS syntax."""
    star = "*" if prefix else ""
    return " ".join('"' + term.replace('"', '""') + '"' + star for term in terms)


def like_pattern(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def snippet(text: str, terms: list[str], mark: tuple[str, str], width: int = 100) -> str:
    """One line of ``text`` around the first match, every match wrapped in ``mark``; it starts
    and ends between words (a text without spaces, such as Chinese, anywhere). It reads as
    plain text: Markdown's bold, code and heading marks are left out."""
    pattern = re.compile(
        "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE
    )
    match = pattern.search(text)
    start = 0 if match is None else max(0, match.start() - width // 3)
    end = min(len(text), max(start + width, match.end() if match else 0))
    if start > 0 and not text[start - 1].isspace():  # from the next space before the match
        space = _SPACE.search(text, start, match.start() if match else end)
        start = space.end() if space else start
    if end < len(text) and not text[end].isspace():  # to the last space after the match
        spaces = list(_SPACE.finditer(text, match.end() if match else start, end))
        end = spaces[-1].start() if spaces else end
    piece = " ".join(_MARKUP.sub("", text[start:end]).split())
    piece = pattern.sub(lambda m: mark[0] + m.group(0) + mark[1], piece)
    return ("…" if start > 0 else "") + piece + ("…" if end < len(text) else "")
