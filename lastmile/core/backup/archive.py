"""The backup file: a gzipped tar with ``manifest.json``, the dump and optional ``media/``."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
import time
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
DUMP_NAMES = {"sqlite": "db.sqlite3", "postgresql": "db.pgdump"}


class BackupError(Exception):
    """The backup or restore was refused or failed; the message says why and what to do."""


@dataclass
class Manifest:
    engine: str
    created_at: str
    app_version: str
    migrations: list[list[str]]
    row_counts: dict[str, int]
    audit_head: dict[str, Any]
    files: dict[str, str] = field(default_factory=dict)  # archive name → sha256
    format: int = FORMAT

    @property
    def dump_name(self) -> str:
        return DUMP_NAMES[self.engine]

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        try:
            data = json.loads(raw.decode("utf-8"))
            manifest = cls(
                engine=str(data["engine"]),
                created_at=str(data["created_at"]),
                app_version=str(data["app_version"]),
                migrations=[[str(a), str(n)] for a, n in data["migrations"]],
                row_counts={str(k): int(v) for k, v in data["row_counts"].items()},
                audit_head={str(k): v for k, v in data["audit_head"].items()},
                files={str(k): str(v) for k, v in data.get("files", {}).items()},
                format=int(data.get("format", FORMAT)),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BackupError(f"the backup's manifest is unreadable: {exc}") from exc
        if manifest.engine not in DUMP_NAMES:
            raise BackupError(f"the backup names an unknown database engine {manifest.engine!r}")
        if manifest.format > FORMAT:
            raise BackupError(
                f"the backup has format {manifest.format}; this version reads up to {FORMAT}"
            )
        return manifest


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def media_files(root: Path) -> list[tuple[str, Path]]:
    """(archive name, path) of every regular file under ``root``, in a stable order."""
    if not root.is_dir():
        return []
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            found.append((MEDIA_PREFIX + path.relative_to(root).as_posix(), path))
    return found


def write_archive(out: Path, manifest: Manifest, payload: list[tuple[str, Path]]) -> None:
    """Write atomically: a temporary file next to ``out``, renamed when complete."""
    tmp = out.with_name(out.name + ".partial")
    try:
        with tarfile.open(tmp, "w:gz", compresslevel=6) as tar:
            _add_bytes(tar, MANIFEST, manifest.to_json())
            for name, path in payload:
                tar.add(str(path), arcname=name, recursive=False)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(time.time())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def _open(path: Path) -> tarfile.TarFile:
    if not path.is_file():
        raise BackupError(f"no backup file at {path}")
    try:
        return tarfile.open(path, "r:gz")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(
            f"{path} is not a Lastmile backup (not a readable .tar.gz): {exc}"
        ) from exc


def read_manifest(path: Path) -> Manifest:
    with _open(path) as tar:
        return Manifest.from_json(_read_member(tar, MANIFEST))


def _read_member(tar: tarfile.TarFile, name: str) -> bytes:
    try:
        member = tar.getmember(name)
        handle: IO[bytes] | None = tar.extractfile(member)
    except (KeyError, tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"the backup has no readable {name}") from exc
    if handle is None:
        raise BackupError(f"the backup's {name} is not a file")
    try:
        return handle.read()
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        raise BackupError(f"the backup's {name} is damaged: {exc}") from exc


def _extract_to(tar: tarfile.TarFile, name: str, target: Path) -> None:
    """Stream one regular-file member to ``target`` (never a link or device)."""
    try:
        member = tar.getmember(name)
    except KeyError as exc:
        raise BackupError(f"the backup lacks {name}, which its manifest lists") from exc
    if not member.isfile():
        raise BackupError(f"{name} in the backup is not a regular file")
    handle = tar.extractfile(member)
    if handle is None:
        raise BackupError(f"{name} in the backup is not a regular file")
    try:
        with target.open("wb") as out:
            shutil.copyfileobj(handle, out, 1024 * 1024)
    except (tarfile.TarError, EOFError, zlib.error) as exc:
        raise BackupError(f"{name} in the backup is damaged: {exc}") from exc


def _safe_media_name(name: str) -> PurePosixPath | None:
    rel = PurePosixPath(name[len(MEDIA_PREFIX) :])
    if rel.is_absolute() or not rel.parts or any(p in ("..", "") for p in rel.parts):
        return None
    return rel


def unpack(path: Path, workdir: Path) -> tuple[Manifest, Path, list[tuple[PurePosixPath, Path]]]:
    """Extract the dump and media into ``workdir``; check every checksum against the manifest.

    Only the names the manifest lists are read (no links, devices or paths outside ``workdir``).
    Returns the manifest, the dump's path and (relative media path, extracted file) pairs.
    """
    with _open(path) as tar:
        manifest = Manifest.from_json(_read_member(tar, MANIFEST))
        if manifest.dump_name not in manifest.files:
            raise BackupError("the backup's manifest lists no database dump")
        extracted: dict[str, Path] = {}
        for index, (name, expected) in enumerate(sorted(manifest.files.items())):
            if name != manifest.dump_name and not (
                name.startswith(MEDIA_PREFIX) and _safe_media_name(name)
            ):
                raise BackupError(f"the backup lists an unexpected file {name!r}")
            target = workdir / f"part-{index}"
            _extract_to(tar, name, target)
            actual = sha256_of(target)
            if actual != expected:
                raise BackupError(
                    f"{name} in the backup does not match its checksum: the file was altered "
                    "or damaged; it was not restored"
                )
            extracted[name] = target
    media = [
        (rel, extracted[name])
        for name in sorted(extracted)
        if name.startswith(MEDIA_PREFIX) and (rel := _safe_media_name(name)) is not None
    ]
    return manifest, extracted[manifest.dump_name], media
