"""The Hub token: keychain through keyring (a test backend), or, without one, this session
only or a file only the user can read."""

from __future__ import annotations

import stat
import sys

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null

from llamadesk.core.hub import credentials
from llamadesk.core.hub.credentials import (
    ACCOUNT,
    SERVICE,
    CredentialsError,
    Storage,
    TokenStore,
    keychain_status,
    token_hint,
)
from llamadesk.core.paths import config_dir

TOKEN = "hf_abcdefghijklmnopqrstuvwxyz1234"


class MemoryKeyring(KeyringBackend):
    """A keychain in a dict."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.passwords.get((service, username))

    def set_password(self, service, username, password):
        self.passwords[service, username] = password

    def delete_password(self, service, username):
        if self.passwords.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("not found")


class LockedKeyring(MemoryKeyring):
    def set_password(self, service, username, password):
        raise keyring.errors.PasswordSetError("the keychain is locked")


@pytest.fixture(autouse=True)
def fresh_session():
    previous = keyring.get_keyring()
    credentials.forget_session_token()
    yield
    credentials.forget_session_token()
    keyring.set_keyring(previous)


@pytest.fixture
def keychain() -> MemoryKeyring:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


@pytest.fixture(params=[fail.Keyring, null.Keyring])
def no_keychain(request):
    keyring.set_keyring(request.param())


def test_the_token_goes_to_the_keychain(keychain):
    store = TokenStore()
    assert keychain_status()[0]
    assert store.get() is None and store.where() is None
    assert store.save(f"  {TOKEN}\n") is Storage.KEYCHAIN
    assert keychain.passwords == {(SERVICE, ACCOUNT): TOKEN}
    assert TokenStore().lookup() == (TOKEN, Storage.KEYCHAIN)
    assert not store.file_path.exists()
    store.clear()
    assert keychain.passwords == {} and store.get() is None
    store.clear()  # nothing saved: still fine


def test_without_a_keychain_the_user_is_asked_to_choose(no_keychain):
    available, why = keychain_status()
    assert not available and "No system keychain" in why
    store = TokenStore()
    with pytest.raises(CredentialsError) as raised:
        store.save(TOKEN)
    assert raised.value.reason == "no_keychain"
    assert "this session only" in str(raised.value) and "only you can read" in str(raised.value)
    assert store.get() is None


def test_this_session_only_keeps_the_token_in_memory(no_keychain):
    store = TokenStore()
    assert store.save(TOKEN, Storage.SESSION) is Storage.SESSION
    assert TokenStore().lookup() == (TOKEN, Storage.SESSION)  # every store in the process
    assert not store.file_path.exists() and not list(config_dir().iterdir())
    credentials.forget_session_token()  # the app quits
    assert TokenStore().get() is None


def test_the_file_is_readable_only_by_the_user(no_keychain):
    store = TokenStore()
    assert store.save(TOKEN, Storage.FILE) is Storage.FILE
    assert store.file_path == config_dir() / "hub-token"
    assert store.file_path.read_text().strip() == TOKEN
    if sys.platform != "win32":
        assert stat.S_IMODE(store.file_path.stat().st_mode) == 0o600
    assert TokenStore().lookup() == (TOKEN, Storage.FILE)  # after a restart too
    assert [p.name for p in config_dir().iterdir()] == ["hub-token"]  # no temporary left
    store.clear()
    assert not store.file_path.exists() and store.get() is None


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_token_file_others_can_read_is_tightened(no_keychain):
    store = TokenStore()
    store.file_path.write_text(TOKEN)
    store.file_path.chmod(0o644)
    assert store.get() == TOKEN
    assert stat.S_IMODE(store.file_path.stat().st_mode) == 0o600
    store.file_path.unlink()
    store.file_path.symlink_to(config_dir().parent / "elsewhere")
    assert store.get() is None  # a link in its place is not followed


def test_a_token_lives_in_one_place(keychain):
    store = TokenStore()
    store.save(TOKEN, Storage.FILE)
    store.save("hf_session_only_token", Storage.SESSION)
    assert not store.file_path.exists()
    assert store.lookup() == ("hf_session_only_token", Storage.SESSION)
    store.save(TOKEN)  # to the keychain: the session copy goes
    assert store.lookup() == (TOKEN, Storage.KEYCHAIN)
    store.save("", Storage.KEYCHAIN)  # an empty token clears it
    assert store.get() is None and keychain.passwords == {}


def test_a_locked_keychain_is_a_clear_error():
    keyring.set_keyring(LockedKeyring())
    with pytest.raises(CredentialsError) as raised:
        TokenStore().save(TOKEN)
    assert raised.value.reason == "keychain" and "Unlock it" in str(raised.value)


def test_what_is_not_a_token_is_refused(keychain):
    with pytest.raises(CredentialsError) as raised:
        TokenStore().save("hf_abc def")
    assert raised.value.reason == "invalid"
    assert keychain.passwords == {}


def test_a_file_that_cannot_be_written_is_a_clear_error(no_keychain, tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    store = TokenStore(blocked / "hub-token")  # its folder is a file
    with pytest.raises(CredentialsError) as raised:
        store.save(TOKEN, Storage.FILE)
    assert raised.value.reason == "file" and "this session only" in str(raised.value)


def test_token_hint_hides_the_token():
    assert token_hint(TOKEN) == "hf_…1234"
    assert TOKEN not in token_hint(TOKEN) and token_hint("short") == "…"


def test_hub_config_takes_the_mirror_the_token_and_offline_mode(keychain):
    from llamadesk.core.hub import hub_config
    from llamadesk.core.settings import Settings

    TokenStore().save(TOKEN)
    config = hub_config(Settings(hub_endpoint="https://hf-mirror.com"))
    assert config.endpoint == "https://hf-mirror.com" and config.token == TOKEN
    assert hub_config(Settings(), endpoint="http://127.0.0.1:9").endpoint == "http://127.0.0.1:9"
    assert hub_config(Settings()).endpoint is None  # HF_ENDPOINT, else huggingface.co

    class Untouchable(MemoryKeyring):
        def get_password(self, service, username):
            raise AssertionError("offline, the keychain is not asked")

    keyring.set_keyring(Untouchable())
    offline = hub_config(Settings(offline=True))
    assert offline.is_offline() and offline.token is None
    assert hub_config(Settings(), offline=True).is_offline()


def test_every_token_read_or_saved_is_kept_out_of_the_logs(keychain):
    from llamadesk.core.logs import redacted

    saved, in_keychain, in_file = "saved-secret-1", "keychain-secret-2", "file-secret-3"
    TokenStore().save(saved, Storage.SESSION)  # none starts with hf_
    keychain.set_password(SERVICE, ACCOUNT, in_keychain)
    credentials.forget_session_token()
    assert TokenStore().get() == in_keychain
    store = TokenStore()
    store.file_path.write_text(in_file)
    keychain.passwords.clear()
    assert store.get() == in_file
    line = redacted(f"token={saved} {in_keychain} {in_file}")
    assert line == "token=…(redacted) …(redacted) …(redacted)"
