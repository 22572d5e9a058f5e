"""hedgeopt.files: every output path checked before any work, files and folders placed whole, in the umask's mode.

Each case leaves the folder it works in listed: the previous output byte-identical and no hidden temporary file or
folder behind, after a failure and after Ctrl-C (``KeyboardInterrupt`` raised in the block, or a real SIGINT
during the renames).
"""

from __future__ import annotations

import errno
import os
import signal
from pathlib import Path

import pytest

from hedgeopt import files
from hedgeopt.files import atomic_folder, atomic_path, atomic_paths, check_out
from pricing import InputError

OWNED = ("report.html", "*.png")


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    """A previous report folder ``r`` (report.html and a figure) and a previous file ``a.csv`` in ``tmp_path``."""
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "report.html").write_bytes(b"<p>old</p>")
    (tmp_path / "r" / "old.png").write_bytes(b"\x89PNG old")
    (tmp_path / "a.csv").write_bytes(b"old,csv\n")
    return tmp_path


@pytest.mark.parametrize(("value", "expected"), [
    ("", "expected a file or folder name (an empty one would mean the current folder)"),
    ("   ", "expected a file or folder name"),
    (" a.csv", "without spaces or line breaks at its ends"),
    ("a.csv\n", "without spaces or line breaks at its ends"),
    ("a\0.csv", "without NUL characters"),
    (".", "a name of its own, not the current, parent or root folder"),
    ("..", "a name of its own"),
    ("/", "a name of its own"),
    ("x/..", "a name of its own"),
    ("no/such/a.csv", "expected a path in an existing folder"),
    ("f.txt/a.csv", "expected a path in an existing folder (f.txt is a file)"),
    ("sub", "expected a file name (this is a folder)"),
    ("b.csv/", "expected a file name (this is a folder)"),
    ("/dev/null", "a new file name or a regular file (this is a device, a FIFO or a socket)"),
    ("link.csv", "expected a path that is not a symbolic link (hedgeopt neither follows nor replaces a link"),
    ("dangling.csv", "expected a path that is not a symbolic link"),
])
def test_a_bad_file_path_is_refused_before_anything_is_made(tmp_path, monkeypatch, value, expected, listing):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "f.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.csv").symlink_to("f.txt")
    (tmp_path / "dangling.csv").symlink_to("nowhere.csv")
    before = listing(tmp_path)
    with pytest.raises(InputError, match="^--out=") as caught:
        check_out(value, "--out")
    assert expected in str(caught.value) and caught.value.value == value
    if not value.endswith("/"):  # (a Path drops the slash that says "folder")
        with pytest.raises(InputError), atomic_path(Path(value)):
            pytest.fail("the block must not run")
    assert listing(tmp_path) == before


@pytest.mark.parametrize(("value", "owned", "expected"), [
    ("f.txt", None, "expected a folder (this is a file)"),
    ("f.txt/r", None, "expected a folder whose parent exists (f.txt is a file)"),
    ("no/r", None, "expected a folder whose parent exists"),
    ("linked", OWNED, "expected a path that is not a symbolic link"),
    ("mixed", OWNED, "one holding only report.html, *.png (it holds notes.txt, not written by hedgeopt"),
    ("nested", OWNED, "(it holds deeper, not written by hedgeopt"),
])
def test_a_bad_folder_is_refused(tmp_path, monkeypatch, value, owned, expected, listing):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "f.txt").write_text("x")
    (tmp_path / "mixed").mkdir()
    (tmp_path / "mixed" / "report.html").write_text("mine")
    (tmp_path / "mixed" / "notes.txt").write_text("the user's")
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "deeper").mkdir()
    (tmp_path / "linked").symlink_to("mixed")
    before = listing(tmp_path)
    with pytest.raises(InputError, match=f"^out='{value}'") as caught:
        check_out(value, folder=True, owned=owned)
    assert expected in str(caught.value)
    if owned is not None:
        with pytest.raises(InputError), atomic_folder(Path(value), owned):
            pytest.fail("the block must not run")
    assert listing(tmp_path) == before


def test_a_folder_written_into_keeps_what_it_holds_and_a_report_folder_may_be_empty_or_a_report(previous):
    assert check_out(previous, folder=True) == previous  # batch: anything may be there
    assert check_out(previous / "r", folder=True, owned=OWNED) == previous / "r"
    (previous / "empty").mkdir()
    assert check_out(str(previous / "empty"), folder=True, owned=OWNED) == previous / "empty"
    assert check_out("relative.csv") == Path("relative.csv")  # relative paths stay relative


def test_a_read_only_folder_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(files.os, "access", lambda path, how: Path(path) != tmp_path)  # as for a non-root user
    with pytest.raises(InputError, match=r"expected a path in a folder you can write to \(.* is read-only\)"):
        check_out(tmp_path / "a.csv")
    with pytest.raises(InputError, match="you can write to"):
        check_out(tmp_path / "r", folder=True, owned=OWNED)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_really_read_only_folder_is_refused(tmp_path):
    (tmp_path / "ro").mkdir(mode=0o555)
    with pytest.raises(InputError, match="ro is read-only"):
        check_out(tmp_path / "ro" / "a.csv")


@pytest.mark.parametrize(("mask", "file_mode", "folder_mode"), [(0o077, 0o600, 0o700), (0o022, 0o644, 0o755),
                                                                 (0o002, 0o664, 0o775)])
def test_files_and_folders_take_the_umask(tmp_path, umask, mask, file_mode, folder_mode, listing, mode):
    umask(mask)
    with atomic_path(tmp_path / "a.csv") as tmp:
        assert tmp.parent == tmp_path and tmp.name.startswith(".a.csv.") and tmp.name.endswith(".tmp")
        tmp.write_text("new")
    with atomic_folder(tmp_path / "r", OWNED) as folder:
        (folder / "report.html").write_text("page")
    assert mode(tmp_path / "a.csv") == file_mode
    assert mode(tmp_path / "r") == folder_mode and mode(tmp_path / "r" / "report.html") == file_mode
    assert listing(tmp_path) == {"a.csv": b"new", "r": None, "r/report.html": b"page"}


def test_a_file_is_replaced_whole(previous):
    with atomic_path(previous / "a.csv") as tmp:
        tmp.write_bytes(b"new,csv\n")
        assert (previous / "a.csv").read_bytes() == b"old,csv\n"  # untouched until the block ends
    assert (previous / "a.csv").read_bytes() == b"new,csv\n"
    assert not [p for p in previous.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("failure", [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()])
def test_a_failure_or_ctrl_c_leaves_the_previous_files_and_no_temporary_one(previous, failure, listing):
    before = listing(previous)
    with pytest.raises(type(failure)), atomic_paths(previous / "a.csv", previous / "b.csv") as (a, b):
        a.write_bytes(b"new,csv\n")  # the first file written whole, the second not: neither is placed
        raise failure
    assert listing(previous) == before
    with pytest.raises(type(failure)), atomic_folder(previous / "r", OWNED) as folder:
        (folder / "a.png").write_bytes(b"\x89PNG new")
        raise failure
    assert listing(previous) == before


def test_a_folder_is_swapped_in_whole(previous, listing):
    with atomic_folder(previous / "r", OWNED) as folder:
        assert folder.parent == previous and folder.name.startswith(".r.") and folder.name.endswith(".tmp")
        (folder / "report.html").write_bytes(b"<p>new</p>")
        assert (previous / "r" / "old.png").exists()  # the previous report stays until the new one is whole
    assert listing(previous / "r") == {"report.html": b"<p>new</p>"}  # the old figure went with the old folder
    assert sorted(p.name for p in previous.iterdir()) == ["a.csv", "r"]
    with atomic_folder(previous / "new", OWNED) as folder:
        (folder / "x.png").write_bytes(b"png")
    assert listing(previous / "new") == {"x.png": b"png"}


def test_a_failed_second_rename_puts_the_previous_folder_back(previous, monkeypatch, listing):
    before, rename = listing(previous), os.rename

    def second_fails(src, dst):
        if Path(src).name.endswith(".tmp"):  # the new folder onto the name: the disk went away
            raise OSError(errno.EIO, "Input/output error", str(src))
        rename(src, dst)

    monkeypatch.setattr(files.os, "rename", second_fails)
    with pytest.raises(OSError) as caught, atomic_folder(previous / "r", OWNED) as folder:
        (folder / "report.html").write_bytes(b"<p>new</p>")
    assert caught.value.filename == str(previous / "r")  # the user's name, not the temporary one
    assert listing(previous) == before


def test_ctrl_c_during_the_renames_waits_for_them(previous, monkeypatch, listing):
    """A real SIGINT between the two renames: both are done, the old folder deleted, then KeyboardInterrupt."""
    rename, handler = os.rename, signal.getsignal(signal.SIGINT)

    def interrupted(src, dst):
        os.kill(os.getpid(), signal.SIGINT)
        rename(src, dst)

    monkeypatch.setattr(files.os, "rename", interrupted)
    with pytest.raises(KeyboardInterrupt), atomic_folder(previous / "r", OWNED) as folder:
        (folder / "report.html").write_bytes(b"<p>new</p>")
    assert listing(previous / "r") == {"report.html": b"<p>new</p>"}
    assert sorted(p.name for p in previous.iterdir()) == ["a.csv", "r"]
    assert signal.getsignal(signal.SIGINT) is handler  # Ctrl-C works again


@pytest.mark.parametrize("call", ["open", "replace"])
def test_a_file_system_error_names_the_users_path(previous, monkeypatch, call, listing):
    real = getattr(os, call)

    def refuse(path, *args, **kwargs):
        if str(path).endswith(".tmp") and not (call == "open" and args and args[0] == os.O_RDWR):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(files.os, call, refuse)
    before = listing(previous)
    with pytest.raises(PermissionError) as caught, atomic_path(previous / "a.csv") as tmp:
        tmp.write_bytes(b"new")
    assert caught.value.filename == str(previous / "a.csv") and caught.value.errno == errno.EACCES
    assert listing(previous) == before
