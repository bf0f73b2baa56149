import pytest

from tests.analysis import conftest


def test_the_analysis_tests_fail_rather_than_skip_without_seeds(tmp_path, monkeypatch):
    monkeypatch.setattr(conftest, "SEEDS_DIR", tmp_path)
    with pytest.raises(pytest.fail.Exception, match="no seed articles"):
        conftest._seeds_dir()


def test_the_seeds_are_read_from_the_project():
    assert conftest._seeds_dir().name == "seeds"
    assert len(list(conftest._seeds_dir().glob("*.txt"))) == 5
