"""One place stores an upload with its row (cases, complaints, checks,
targets, directives; each app's own tests store real files through it): when
a row cannot be written, no file is left that nothing names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from xiaoneng.cases import uploads
from xiaoneng.checks.models import FindingEvidence

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def test_a_row_that_cannot_be_written_leaves_no_file(media: Path) -> None:
    checked = [uploads.check_file(SimpleUploadedFile(f"{n}.png", PNG)) for n in ("a", "b")]
    with pytest.raises(IntegrityError), transaction.atomic():
        # No finding: the evidence row's foreign key cannot be null.
        uploads.store_checked(FindingEvidence, checked, "checks/0", finding_id=None)
    assert not [p for p in media.rglob("*") if p.is_file()]
