"""The checks on an uploaded application material (申请材料), before anything
is stored: not empty, not larger than the per-file parameter, a type known by
its first bytes (PDF, JPEG, PNG, OFD) — never by its name or the browser's
word — and a file name that is safe to show and to send back. The per-case
quota is checked by the action, with the case row locked.

`RequestSizeLimitHandler` refuses a multipart body larger than a case may hold
before Django spools it to disk."""

from __future__ import annotations

import io
import unicodedata
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import RequestDataTooBig
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadhandler import FileUploadHandler
from django.db import models

from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.hashchain import sm3_hex
from xiaoneng.system.params import get_param

MB = 1024 * 1024
NAME_MAX = 100  # characters of a stored original file name


@dataclass(frozen=True)
class FileType:
    key: str
    label: str
    content_type: str
    extensions: tuple[str, ...]  # the first one is given to a name without a fitting one


PDF = FileType("pdf", "PDF", "application/pdf", (".pdf",))
JPEG = FileType("jpeg", "JPEG 图片", "image/jpeg", (".jpg", ".jpeg"))
PNG = FileType("png", "PNG 图片", "image/png", (".png",))
# GB/T 33190-2016: a ZIP package whose entry point is OFD.xml at its root.
OFD = FileType("ofd", "OFD 版式文档", "application/ofd", (".ofd",))
ALLOWED = (PDF, JPEG, PNG, OFD)
ALLOWED_LABEL = "、".join(t.label for t in ALLOWED)
ACCEPT = ",".join(ext for t in ALLOWED for ext in t.extensions)  # the file inputs' `accept`


def sniff(data: bytes) -> FileType | None:
    """The type of a file by its magic bytes, or None if it is not allowed."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"PK\x03\x04") and _is_ofd(data):
        return OFD
    return None


def _is_ofd(data: bytes) -> bool:
    # Only the central directory is read; nothing is extracted.
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return any(name.lower() == "ofd.xml" for name in package.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def clean_filename(name: str, kind: FileType) -> str:
    """The base name only, without control or format characters (bidi
    overrides included) or characters file systems refuse; the extension is
    the detected type's, so a PDF called "x.html" goes back out as "x.html.pdf"."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C" and ch not in '<>:"|?*')
    name = name.strip().lstrip(".").strip()
    stem, dot, ext = name.rpartition(".")
    if dot and f".{ext.lower()}" in kind.extensions:
        suffix = f".{ext.lower()}"
    else:
        stem, suffix = name, kind.extensions[0]
    stem = stem.strip()[: NAME_MAX - len(suffix)].strip() or "申请材料"
    return stem + suffix


@dataclass(frozen=True)
class Limits:
    file_bytes: int
    case_bytes: int
    case_files: int


def limits() -> Limits:
    return Limits(
        file_bytes=get_param("case.upload_max_file_mb") * MB,
        case_bytes=get_param("case.upload_max_case_mb") * MB,
        case_files=get_param("case.upload_max_files"),
    )


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    kind: FileType
    filename: str
    size: int
    digest: str  # SM3, hex


def _read(upload: Any, cap: int) -> bytes:
    chunks: Iterable[bytes] = upload.chunks() if hasattr(upload, "chunks") else [upload.read()]
    buffer = io.BytesIO()
    for chunk in chunks:
        buffer.write(chunk)
        if buffer.tell() > cap:
            break
    return buffer.getvalue()


def check_file(upload: Any, *, limit: Limits | None = None) -> CheckedFile:
    """An uploaded file (Django's UploadedFile, or anything with `name` and
    `read()`), checked; InvalidInput with a stable code otherwise."""
    limit = limit or limits()
    if upload is None:
        raise InvalidInput("请选择要上传的文件", code="upload_empty")
    data = _read(upload, limit.file_bytes)
    if not data:
        raise InvalidInput("上传的文件为空", code="upload_empty")
    if len(data) > limit.file_bytes:
        raise InvalidInput(
            f"单个文件不能超过 {limit.file_bytes // MB} MB",
            code="upload_too_large",
            detail={"max_bytes": limit.file_bytes},
        )
    kind = sniff(data)
    if kind is None:
        raise InvalidInput(
            f"只接受 {ALLOWED_LABEL} 格式的文件（按文件内容识别，不按扩展名）",
            code="upload_type_not_allowed",
            detail={"allowed": [t.content_type for t in ALLOWED]},
        )
    return CheckedFile(
        data=data,
        kind=kind,
        filename=clean_filename(str(getattr(upload, "name", "") or ""), kind),
        size=len(data),
        digest=sm3_hex(data),
    )


def check_quota(*, files: int, total: int, adding: int, limit: Limits) -> None:
    """A case holding `files` files of `total` bytes may take one more of `adding` bytes."""
    if files + 1 > limit.case_files:
        raise InvalidInput(
            f"每个办件最多上传 {limit.case_files} 个文件",
            code="upload_case_quota",
            detail={"max_files": limit.case_files, "files": files},
        )
    if total + adding > limit.case_bytes:
        raise InvalidInput(
            f"每个办件的电子材料合计不能超过 {limit.case_bytes // MB} MB",
            code="upload_case_quota",
            detail={"max_bytes": limit.case_bytes, "used_bytes": total},
        )


class RequestSizeLimitHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: a multipart body larger than a case may
    hold (plus room for the form fields) is refused before it is read, and one
    whose announced length lies is cut off while it streams. Django answers
    400 (a SuspiciousOperation) and the API 413 `request_too_large`."""

    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, Any],  # noqa: N803 (Django's name)
        content_length: int,
        boundary: str,
        encoding: str | None = None,
    ) -> None:
        self.limit = get_param("case.upload_max_case_mb") * MB + MB
        self.received = 0
        if content_length > self.limit:
            raise RequestDataTooBig("上传内容超过上限")

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            raise RequestDataTooBig("上传内容超过上限")
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


StoredRow = TypeVar("StoredRow", bound=models.Model)


def store_checked(
    model: type[StoredRow], checked: Iterable[CheckedFile], folder: str, **fields: Any
) -> list[StoredRow]:
    """Save each checked file under `folder/` and create its row: `model` has
    the house's stored-file columns (filename, content_type, size, sm3,
    stored_path), `fields` fill the rest (the owner, who uploaded). If a row
    cannot be written, the files saved so far are deleted: the rows roll back
    with the caller's transaction, and no file is left that nothing names."""
    saved: list[str] = []
    rows: list[StoredRow] = []
    try:
        for item in checked:
            path = default_storage.save(
                f"{folder}/{uuid.uuid4().hex}{item.kind.extensions[0]}", ContentFile(item.data)
            )
            saved.append(path)
            rows.append(
                model._default_manager.create(
                    filename=item.filename,
                    content_type=item.kind.content_type,
                    size=item.size,
                    sm3=item.digest,
                    stored_path=path,
                    **fields,
                )
            )
    except BaseException:
        for path in saved:
            default_storage.delete(path)
        raise
    return rows
