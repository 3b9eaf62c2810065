from pathlib import Path

from findit.settings import Settings


def test_explicit_paths_beat_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("FINDIT_CORPUS", str(tmp_path / "env-corpus"))
    monkeypatch.setenv("FINDIT_INDEX", str(tmp_path / "env-index"))
    from_env = Settings.from_env()
    assert from_env.corpus == tmp_path / "env-corpus"
    assert from_env.index == tmp_path / "env-index"
    explicit = Settings.from_env(corpus=tmp_path / "c", index=str(tmp_path / "i"))
    assert explicit.corpus == tmp_path / "c" and explicit.index == tmp_path / "i"


def test_default_corpus_is_the_shipped_sample(monkeypatch):
    monkeypatch.delenv("FINDIT_CORPUS", raising=False)
    corpus = Settings.from_env().corpus
    assert corpus.name == "corpus"
    assert len([p for p in Path(corpus).iterdir() if p.is_file()]) == 5
