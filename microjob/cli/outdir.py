"""The ``--out`` directory: checked before anything runs, and a manifest of the files
each command wrote there, which is what the next ``--force`` removes."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from microjob.cli.common import UsageError

MANIFEST = ".microjob-files"
"""The list of files a command wrote into its ``--out`` directory (one relative path a
line): what ``--force`` removes before the next command writes there."""


def _prepare_out(args: argparse.Namespace) -> Path | None:
    """The ``--out`` directory, checked before anything runs: creatable and writable,
    ``figures`` a directory, and with ``--force`` cleared of what the previous command
    wrote (its manifest) and of symbolic links, so nothing is written through one."""
    out: Path | None = getattr(args, "out", None)
    if out is None:
        return None
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {str(out)!r} is a file, not a directory")
    if out.is_dir() and any(out.iterdir()) and not args.force:
        raise UsageError(f"--out {str(out)!r} is not empty; use --force to write into it")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--out {str(out)!r}: cannot create it ({exc.strerror})") from None
    if args.force:
        _refuse_unlisted(out)
        _clear_previous(out)
    figures = out / "figures"
    if figures.is_symlink() or (figures.exists() and not figures.is_dir()):
        raise UsageError(f"--out {str(out)!r}: 'figures' in it is not a directory")
    try:
        figures.mkdir(exist_ok=True)
        with tempfile.TemporaryFile(dir=figures):
            pass
    except OSError as exc:
        raise UsageError(f"--out {str(out)!r}: cannot write there ({exc.strerror})") from None
    args.out_before = _files_in(out)
    return out


def _manifest(out: Path) -> Path | None:
    """The previous command's list of what it wrote in ``out``, if there is one (a
    regular file: a link named like it is never read)."""
    manifest = out / MANIFEST
    return manifest if manifest.is_file() and not manifest.is_symlink() else None


def _refuse_unlisted(out: Path) -> None:
    """Refuse ``--force`` on a directory whose files no microjob command listed: with no
    manifest there is no telling which files a previous run wrote and which are the
    user's, and writing beside them would mix old outputs with new."""
    unlisted = sorted(_files_in(out))
    if unlisted and _manifest(out) is None:
        more = f" and {len(unlisted) - 3} more" if len(unlisted) > 3 else ""
        shown = ", ".join(unlisted[:3]) + more
        raise UsageError(
            f"--out {str(out)!r} holds files that no microjob command listed as its own "
            f"({shown}; there is no {MANIFEST}), so --force cannot tell them from yours; "
            "remove them or choose another directory"
        )


def _clear_previous(out: Path) -> None:
    """Remove the files the previous command listed in its manifest, and every symbolic
    link in ``out`` and ``out/figures`` (the links, never what they point to)."""
    manifest = _manifest(out)
    if manifest is not None:
        root = out.resolve()
        for line in manifest.read_text(encoding="utf-8").splitlines():
            path = out / line
            inside = path.parent.resolve().is_relative_to(root)
            if line and inside and path.is_file() and not path.is_symlink():
                path.unlink()
        manifest.unlink()
    for folder in (out, out / "figures"):
        if folder.is_dir() and not folder.is_symlink():
            for path in folder.iterdir():
                if path.is_symlink():
                    path.unlink()


def _files_in(out: Path) -> dict[str, tuple[int, int]]:
    """The regular files in ``out`` and ``out/figures``: relative path to (modification
    time in nanoseconds, inode), which any rewrite changes."""
    found = {}
    for folder in (out, out / "figures"):
        for path in folder.iterdir() if folder.is_dir() else ():
            if path.name != MANIFEST and path.is_file() and not path.is_symlink():
                stat = path.stat()
                found[path.relative_to(out).as_posix()] = (stat.st_mtime_ns, stat.st_ino)
    return found


def _write_manifest(out: Path, before: dict[str, tuple[int, int]]) -> None:
    """List the files in ``out`` that are new or rewritten since ``before``."""
    names = sorted(name for name, key in _files_in(out).items() if before.get(name) != key)
    (out / MANIFEST).write_text("".join(f"{n}\n" for n in names), encoding="utf-8")
