"""A user of LlamaDesk 0.1.0 upgrades: their settings, conversations, token and paused
download, as that release wrote them (``tests/data/release-0.1.0``), work unchanged."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from llamadesk.core.hub import Storage, TokenStore, find_partial_downloads
from llamadesk.core.hub.credentials import forget_session_token
from llamadesk.core.paths import config_dir, data_dir, models_dir
from llamadesk.core.settings import load_settings, save_settings
from llamadesk.core.store import Store
from llamadesk.core.texts import from_data

RELEASE = Path(__file__).parent / "data" / "release-0.1.0"
TOKEN = "hf_release0token0000000000000000000"
DELETED_ID = 2  # the second conversation the release wrote, deleted (undo still possible)


@pytest.fixture(autouse=True)
def release_data(user_dirs) -> None:
    shutil.copytree(RELEASE / "config" / "LlamaDesk", config_dir(), dirs_exist_ok=True)
    shutil.copytree(RELEASE / "data" / "LlamaDesk", data_dir(), dirs_exist_ok=True)
    (config_dir() / "hub-token").chmod(0o600)  # git keeps no modes but the executable bit


class _Keychain(KeyringBackend):
    priority = 1

    def __init__(self, passwords: dict) -> None:
        super().__init__()
        self.passwords = passwords

    def get_password(self, service, username):
        return self.passwords.get((service, username))

    def set_password(self, service, username, password):
        self.passwords[service, username] = password

    def delete_password(self, service, username):
        self.passwords.pop((service, username), None)


@pytest.fixture
def keychain():
    previous = keyring.get_keyring()
    forget_session_token()
    yield lambda passwords: keyring.set_keyring(_Keychain(passwords))
    keyring.set_keyring(previous)


def test_the_settings_file_is_read_whole_and_kept_on_saving():
    settings, warnings = load_settings()
    assert warnings == []
    assert (settings.sampling.temperature, settings.sampling.top_k) == (0.4, 20)
    assert (settings.sampling.seed, settings.sampling.max_tokens) == (123, 777)
    assert settings.sampling.stop == ("END",)
    assert (settings.load.n_ctx, settings.load.gpu_layers, settings.load.n_threads) == (
        2048,
        0,
        2,
    )
    assert (settings.load.kv_type, settings.load.flash_attn) == ("q8_0", "on")
    assert settings.system_prompt == "You answer in haiku."
    assert settings.sampling_presets["Mine"].min_p == 0.1
    assert settings.system_prompt_presets == {"Pirate": "Talk like a pirate."}
    assert settings.language == "zh_CN"
    assert settings.last_model.name == "tiny-Q8_0.gguf"
    assert settings.models_dirs == [Path("/home/someone/elsewhere")]
    assert settings.hub_endpoint == "https://hf-mirror.example.org"
    save_settings(settings)
    saved = json.loads((config_dir() / "settings.json").read_text(encoding="utf-8"))
    assert saved["from_a_newer_version"] == {"kept": True}  # a newer version's key survives


def test_the_conversations_open_with_their_branches_texts_and_search():
    with Store(purge_deleted_after=1e12) as store:  # keep the deleted one to undo it
        pinned = store.list_conversations()
        assert [c.title for c in pinned] == ["Lighthouse questions"]
        chat = pinned[0]
        assert chat.pinned and chat.settings["sampling"] == {"temperature": 0.2}
        path = store.active_path(chat.id)
        assert [(m.role, m.status) for m in path] == [
            ("system", "complete"),
            ("user", "complete"),
            ("assistant", "complete"),
            ("user", "complete"),
            ("assistant", "error"),
        ]
        answer = path[2]
        assert (answer.sibling_index, answer.sibling_count) == (0, 2)
        assert answer.meta["generated_tokens"] == 12 and answer.model == "Tiny · Q8_0"
        warning = from_data(answer.meta["texts"][answer.meta["warnings"][0]])
        assert warning.template == "The context window ({n_ctx:,} tokens) is full."
        error = from_data(path[4].meta["texts"][path[4].meta["error"]])
        assert error.args == {"error": "boom"}
        assert [hit.conversation_id for hit in store.search("灯塔")] == [chat.id]
        assert store.search("burning")[0].message_id == answer.id
        # The deleted conversation can still be brought back.
        store.restore_conversation(DELETED_ID)
        assert store.get_conversation(DELETED_ID).title == "Deleted but undoable"
        assert [m.content for m in store.active_path(DELETED_ID)] == ["hello"]
        # And a new turn goes on where the old release stopped.
        store.add_message(chat.id, path[-1].id, "user", "Again?")
        assert store.active_path(chat.id)[-1].content == "Again?"


def test_a_deletion_older_than_five_minutes_is_purged_on_opening():
    with Store() as store:
        assert [c.title for c in store.list_conversations()] == ["Lighthouse questions"]
        assert store.message_tree(DELETED_ID) == []


def test_the_token_saved_in_the_file_is_found(keychain):
    keychain({})  # a keychain without the token: the 0.1.0 file is where it is
    assert TokenStore().lookup() == (TOKEN, Storage.FILE)


def test_the_token_saved_in_the_keychain_is_found_under_the_same_name(keychain):
    keychain({("LlamaDesk", "huggingface-token"): "hf_fromthekeychain000000000000000"})
    assert TokenStore().lookup() == ("hf_fromthekeychain000000000000000", Storage.KEYCHAIN)


def test_the_paused_download_is_found_and_resumes_from_its_bytes():
    (partial,) = find_partial_downloads(models_dir())
    assert partial.variant.repo_id == "someone/Tiny-GGUF"
    assert partial.variant.quantization == "Q4_0"
    assert partial.variant.revision == "0123456789abcdef0123456789abcdef01234567"
    assert partial.done == 400 and partial.path.name == "Tiny-Q4_0.gguf"
