"""The sample files in quizzes/imports/ import cleanly (they are the README's examples)."""

from pathlib import Path

import pytest

from learnhub.quizzes.importing.services import import_file

SAMPLES = Path(__file__).resolve().parents[3] / "quizzes" / "imports"


@pytest.mark.parametrize(("name", "file_format", "count"), [
    ("party-basics.gift.txt", "gift", 8), ("party-basics.aiken.txt", "aiken", 8)])
def test_sample_file_imports_every_question(name, file_format, count):
    result = import_file(f"quizzes/imports/{name}", (SAMPLES / name).read_bytes(),
                         file_format=file_format, bank_slug=None, actor=None,
                         owner_unit=None)
    assert len(result.questions) == count
    assert all(q.status == "new" for q in result.questions)
