"""The library: listing with facts, grouping quantizations, the header cache, import, delete
(never outside the library's folders), unfinished downloads."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from llamadesk.core.errors import ModelFileError
from llamadesk.core.hub import ModelVariant, RemoteFile
from llamadesk.core.hub.download_files import part_path, sidecar_path, sidecar_record, write_sidecar
from llamadesk.core.library import files as library_files
from llamadesk.core.library.library import (
    ImportCancelled,
    Library,
    LibraryError,
    base_name,
    find_model_files,
    group_models,
)
from llamadesk.core.paths import models_dir
from llamadesk.core.settings import Settings

TEMPLATES = Path(__file__).parents[2] / "data" / "chat_templates"
TRAITS = ("thinks", "takes_tools")

REPO = "test-org/Tiny-Llama-GGUF"


def place(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


@pytest.fixture
def repo_folder() -> Path:
    return models_dir() / "test-org" / "Tiny-Llama-GGUF"


@pytest.fixture
def downloaded(tiny_models, repo_folder) -> dict[str, Path]:
    """Three quantizations of the tiny model, as downloads place them."""
    return {
        quant: place(tiny_models[quant], repo_folder / f"tiny-llama-{quant}.gguf")
        for quant in ("F16", "Q8_0", "Q4_0")
    }


def test_finds_gguf_files_lists_split_models_once_and_skips_missing_folders(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.gguf").write_bytes(b"GGUF")
    (tmp_path / "a" / "notes.txt").write_text("x")
    (tmp_path / "big-00001-of-00003.gguf").write_bytes(b"GGUF")
    (tmp_path / "big-00002-of-00003.gguf").write_bytes(b"GGUF")
    (tmp_path / "big-00003-of-00003.gguf").write_bytes(b"GGUF")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "secret.gguf").write_bytes(b"GGUF")
    names = {p.name for p in find_model_files([tmp_path, tmp_path / "missing"])}
    assert names == {"one.gguf", "big-00001-of-00003.gguf"}


def test_lists_every_model_with_its_facts_and_broken_files_with_their_error(
    downloaded, tiny_models, tmp_path
):
    extra = tmp_path / "elsewhere"
    place(tiny_models["Q8_0"], extra / "my-model-Q8_0.gguf")
    (extra / "page.gguf").write_text("<html><body>Sign in</body></html>")
    truncated = extra / "cut-Q4_0.gguf"
    truncated.write_bytes(tiny_models["Q4_0"].read_bytes()[:50_000])
    library = Library(extra_folders=[extra, tmp_path / "unplugged-disk"])
    models = {m.file_name: m for m in library.list_models()}
    assert set(models) == {
        "tiny-llama-F16.gguf",
        "tiny-llama-Q8_0.gguf",
        "tiny-llama-Q4_0.gguf",
        "my-model-Q8_0.gguf",
        "page.gguf",
        "cut-Q4_0.gguf",
    }
    q4 = models["tiny-llama-Q4_0.gguf"]
    assert q4.ok and q4.name.startswith("Tiny Llama") and q4.architecture == "llama"
    assert q4.quantization == "Q4_0" and q4.n_params > 0 and q4.parameters
    assert q4.size == tiny_models["Q4_0"].stat().st_size
    assert q4.context_length > 0 and q4.has_chat_template
    assert q4.repo_id == REPO and q4.folder == models_dir()
    assert models["my-model-Q8_0.gguf"].repo_id is None
    assert models["my-model-Q8_0.gguf"].folder == extra
    assert "web page" in models["page.gguf"].error and not models["page.gguf"].ok
    assert "incomplete" in models["cut-Q4_0.gguf"].error
    assert models["cut-Q4_0.gguf"].quantization == "Q4_0"  # from the name, when unreadable


def test_a_split_model_is_one_entry_with_every_part(tmp_path, hub_split_parts, tiny_models):
    folder = tmp_path / "split"
    parts = [place(p, folder / p.name) for p in hub_split_parts]
    whole = Library(extra_folders=[folder]).list_models()
    assert len(whole) == 1
    model = whole[0]
    assert model.path == parts[0] and model.parts == tuple(parts)
    assert model.size == sum(p.stat().st_size for p in parts)
    single = Library(extra_folders=[tmp_path / "one"])
    place(tiny_models["F32"], tmp_path / "one" / "tiny-F32.gguf")
    assert model.n_params == single.list_models()[0].n_params  # every part's tensors count
    parts[1].unlink()
    broken = Library(extra_folders=[folder]).list_models()[0]
    assert "Part 2 of 2" in broken.error


def test_quantizations_of_one_model_are_grouped(downloaded, tiny_models, tmp_path):
    extra = tmp_path / "mine"
    place(tiny_models["Q8_0"], extra / "Phi-Mini-Q8_0.gguf")
    place(tiny_models["Q4_0"], extra / "Phi-Mini.Q4_0.gguf")
    place(tiny_models["Q4_0"], extra / "Other-Q4_0.gguf")
    place(tiny_models["F16"], downloaded["F16"].parent / "mmproj-tiny-llama-f16.gguf")
    library = Library(extra_folders=[extra])
    by_files = sorted([m.file_name for m in g.models] for g in library.groups())
    assert ["tiny-llama-F16.gguf", "tiny-llama-Q8_0.gguf", "tiny-llama-Q4_0.gguf"] in by_files
    assert ["Phi-Mini-Q8_0.gguf", "Phi-Mini.Q4_0.gguf"] in by_files
    assert ["Other-Q4_0.gguf"] in by_files
    assert ["mmproj-tiny-llama-f16.gguf"] in by_files  # a projector is not a quantization
    tiny = next(g for g in library.groups() if len(g.models) == 3)
    assert [m.quantization for m in tiny.models] == ["F16", "Q8_0", "Q4_0"]
    q8 = tiny.models[1]
    assert [m.quantization for m in tiny.other_quantizations(q8)] == ["F16", "Q4_0"]
    assert tiny.name == q8.name  # named after the model, not a file


@pytest.mark.parametrize(
    ("name", "base"),
    [
        ("Llama-3.2-1B-Instruct-Q4_K_M.gguf", "llama-3.2-1b-instruct"),
        ("tinyllama-1.1b-chat-v1.0.Q2_K.gguf", "tinyllama-1.1b-chat-v1.0"),
        ("Qwen3-30B-UD-Q4_K_XL.gguf", "qwen3-30b"),
        ("big-Q8_0-00001-of-00003.gguf", "big"),
        ("model-f16.gguf", "model"),
        ("plain.gguf", "plain"),
    ],
)
def test_base_names(name, base):
    assert base_name(name) == base


def test_listing_again_reads_no_header_unless_a_file_changed(tiny_models, tmp_path, monkeypatch):
    folder = tmp_path / "many"
    for n in range(100):
        place(tiny_models["Q4_0"], folder / f"model-{n:03d}-Q4_0.gguf")
    library = Library(extra_folders=[folder])
    first = library.list_models()
    assert len(first) == 100 and library.cache.reads == 100

    def no_reading(path):
        raise AssertionError(f"{path} was read again")

    with monkeypatch.context() as patch:
        patch.setattr(library_files, "read_info", no_reading)
        again = Library(extra_folders=[folder])  # a new instance: the cache file is used
        assert again.list_models() == first and again.cache.reads == 0
    changed = folder / "model-042-Q4_0.gguf"
    changed.write_bytes(tiny_models["Q8_0"].read_bytes())
    os.utime(changed, ns=(0, 10**18))
    third = Library(extra_folders=[folder])
    models = {m.file_name: m for m in third.list_models()}
    assert third.cache.reads == 1
    assert models["model-042-Q4_0.gguf"].quantization == "Q8_0"


def test_a_damaged_cache_file_is_ignored(tiny_models, tmp_path):
    place(tiny_models["Q4_0"], models_dir() / "a-Q4_0.gguf")
    library = Library()
    library.list_models()
    library.cache.path.write_text("{not json")
    again = Library()
    assert [m.quantization for m in again.list_models()] == ["Q4_0"]


def test_a_model_thinks_and_takes_tools_as_its_template_says_and_old_caches_learn_it(
    tmp_path,
):
    from llamadesk.core.gguf import write_model

    qwen3 = (TEMPLATES / "Qwen-Qwen3-0.6B.jinja").read_text()
    write_model(models_dir() / "Qwen3-Q8_0.gguf", chat_template=qwen3, name="Qwen3")
    write_model(models_dir() / "plain-Q8_0.gguf", chat_template=None, name="Plain")
    library = Library()
    models = {m.name: m for m in library.list_models()}
    assert (models["Qwen3"].facts.thinks, models["Qwen3"].facts.takes_tools) == (True, True)
    assert (models["Plain"].facts.thinks, models["Plain"].facts.takes_tools) == (False, False)
    library.cache.save()
    cached = json.loads(library.cache.path.read_text())  # as the version before wrote it:
    for entry in cached["entries"].values():
        entry["facts"] = {k: v for k, v in entry["facts"].items() if k not in TRAITS}
    library.cache.path.write_text(json.dumps({**cached, "format": 2}))
    again = Library()  # not "no traits": read again
    assert {m.name: m.facts.thinks for m in again.list_models()} == {"Qwen3": True, "Plain": False}
    assert again.cache.reads == 2


def test_import_copies_into_the_models_folder_once(tiny_models, tmp_path):
    source = place(tiny_models["Q4_0"], tmp_path / "Downloads" / "mine-Q4_0.gguf")
    library = Library()
    progress = []
    path = library.import_file(source, on_progress=lambda done, total: progress.append(done))
    assert path == models_dir() / "mine-Q4_0.gguf"
    assert path.read_bytes() == source.read_bytes() and source.exists()
    assert progress[-1] == source.stat().st_size
    assert library.import_file(source) == path  # the same file again: no second copy
    other = place(tiny_models["Q8_0"], tmp_path / "USB" / "mine-Q4_0.gguf")
    assert library.import_file(other) == models_dir() / "mine-Q4_0 (2).gguf"
    assert library.import_file(path) == path  # already in the library
    assert len(library.list_models()) == 2


def test_import_refuses_what_is_not_a_model_and_a_stop_leaves_nothing(tiny_models, tmp_path):
    page = tmp_path / "page.gguf"
    page.write_text("<html>Sign in</html>")
    library = Library()
    with pytest.raises(ModelFileError, match="web page"):
        library.import_file(page)
    source = place(tiny_models["F32"], tmp_path / "big-F32.gguf")
    monkey_chunk = library_files._COPY_CHUNK
    library_files._COPY_CHUNK = 4096
    try:
        with pytest.raises(ImportCancelled):
            library.import_file(source, should_stop=lambda: True)
    finally:
        library_files._COPY_CHUNK = monkey_chunk
    assert list(models_dir().iterdir()) == []


def test_import_a_split_model_copies_every_part(hub_split_parts, tmp_path):
    folder = tmp_path / "usb"
    parts = [place(p, folder / p.name) for p in hub_split_parts]
    library = Library()
    path = library.import_file(parts[1])  # any part names the whole model
    assert path == models_dir() / parts[0].name
    assert sorted(p.name for p in models_dir().iterdir()) == [p.name for p in parts]


def test_import_by_reference_adds_the_folder(tiny_models, tmp_path):
    source = place(tiny_models["Q4_0"], tmp_path / "Big Disk" / "ref-Q4_0.gguf")
    settings = Settings()
    library = Library.from_settings(settings)
    assert library.import_file(source, copy=False) == source
    assert library.extra_folders == [source.parent]
    assert [m.path for m in library.list_models()] == [source.resolve()]
    assert list(models_dir().iterdir()) == []  # nothing copied
    library.add_folder(source.parent)  # twice: still once
    assert library.extra_folders == [source.parent]
    with pytest.raises(LibraryError, match="not a folder"):
        library.add_folder(source)


def test_configured_models_folder(tiny_models, tmp_path):
    folder = tmp_path / "my models"
    settings = Settings(models_folder=folder)
    library = Library.from_settings(settings)
    assert library.models_folder == folder and folder.is_dir()
    source = place(tiny_models["Q4_0"], tmp_path / "x-Q4_0.gguf")
    assert library.import_file(source).parent == folder


def test_delete_removes_the_file_and_the_folders_it_leaves_empty(downloaded, repo_folder):
    library = Library()
    models = {m.file_name: m for m in library.list_models()}
    library.delete(models["tiny-llama-Q4_0.gguf"])
    assert not downloaded["Q4_0"].exists() and repo_folder.is_dir()
    library.delete(downloaded["F16"])
    library.delete(models["tiny-llama-Q8_0.gguf"])
    assert not (models_dir() / "test-org").exists()
    assert models_dir().is_dir()  # the models folder itself stays
    assert library.list_models() == []


def test_delete_a_split_model_removes_every_part(hub_split_parts):
    folder = models_dir() / "org" / "Split-GGUF" / "F32"
    for p in hub_split_parts:
        place(p, folder / p.name)
    library = Library()
    (model,) = library.list_models()
    assert len(library.delete(model)) == 2
    assert not (models_dir() / "org").exists()


def test_delete_never_leaves_the_library_folders(tiny_models, tmp_path, downloaded):
    outside = place(tiny_models["Q4_0"], tmp_path / "precious" / "keep-Q4_0.gguf")
    library = Library()
    with pytest.raises(LibraryError, match="not in a folder of the library"):
        library.delete(outside)
    with pytest.raises(LibraryError):
        library.delete(models_dir() / ".." / ".." / ".." / "precious" / "keep-Q4_0.gguf")
    link_folder = models_dir() / "linked"
    link_folder.symlink_to(outside.parent, target_is_directory=True)
    with pytest.raises(LibraryError):
        library.delete(link_folder / "keep-Q4_0.gguf")
    notes = models_dir() / "notes.txt"
    notes.write_text("mine")
    with pytest.raises(LibraryError, match="not a model file"):
        library.delete(notes)
    assert outside.exists() and notes.exists()
    link_file = models_dir() / "shortcut-Q4_0.gguf"
    link_file.symlink_to(outside)
    library.delete(link_file)  # only the link goes
    assert not link_file.is_symlink() and outside.exists()


def test_unfinished_downloads_are_listed_as_such_not_as_models(tiny_models):
    data = tiny_models["Q4_0"].read_bytes()
    file = RemoteFile("tiny-llama-Q4_0.gguf", len(data), "0" * 64)
    variant = ModelVariant(REPO, "a" * 40, "Q4_0", (file,))
    destination = models_dir() / "test-org" / "Tiny-Llama-GGUF" / file.path
    destination.parent.mkdir(parents=True)
    part_path(destination).write_bytes(data[:1000])
    write_sidecar(sidecar_path(destination), sidecar_record(variant, file, "http://x"))
    library = Library()
    assert library.list_models() == []
    (partial,) = library.partial_downloads()
    assert partial.variant == variant and partial.done == 1000 and partial.path == destination


def test_find_by_path_file_name_or_model_name(downloaded):
    library = Library()
    models = library.list_models()
    assert [m.path for m in library.find(str(downloaded["Q8_0"]), models)] == [
        downloaded["Q8_0"].resolve()
    ]
    assert len(library.find("tiny-llama-Q4_0.gguf", models)) == 1
    assert len(library.find("tiny-llama-q4_0", models)) == 1
    assert len(library.find(f"{REPO}/tiny-llama-F16.gguf", models)) == 1
    assert len(library.find(models[0].name, models)) == 3  # every quantization has that name
    assert library.find("nothing-like-it", models) == []
    assert group_models([]) == []
