from app.core.library import find_model_files


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
