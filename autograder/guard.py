"""The grading kernel's guard: a PEP 578 audit hook installed before any notebook code runs.

While a submission is graded, the expected outputs live only in the grader's process
(:mod:`autograder.isolation`); the guard keeps the learner's code from reaching them, or
the other files of the course, by the ways Python offers. It is installed by the grader's
first request to a fresh kernel, before the first cell of the notebook; an audit hook
cannot be removed. It refuses (``PermissionError``):

- opening, listing, renaming, linking or deleting the protected paths: the reference
  cases, the instructor notebooks, the other submissions, the gradebook, the course's
  ``.git``; opening a directory above one of them (``os.open(dir)`` + ``dir_fd`` tricks);
- writing, creating or deleting files outside the kernel's working folder and the
  temporary folder, and anywhere in the course directory or the repository but that
  working folder (so nothing persists into the next kernel: no startup files, no
  ``.pth``/``usercustomize`` in site-packages, no change to the course's settings);
- other processes' memory and files under ``/proc``, and the kernel's own memory file;
- starting processes (``subprocess``, ``os.system``, ``os.exec*``, ``fork``, ``spawn``),
  signalling any process but itself, raising its resource limits;
- ``ctypes`` (which could call the C library directly and sidestep this hook), except
  from ``threadpoolctl``'s own code, which the notebooks use to set the BLAS threads;
- importing compiled extension modules from outside the installed packages;
- network connections other than the grader's own socket.

What it cannot stop is written down in ``course/GRADING.md``.
"""

from __future__ import annotations

import os
import sys

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_EXTENSIONS = (".so", ".pyd", ".dylib")
_PATH_EVENTS = {
    # event: (index of the path argument(s), does it modify)
    "os.listdir": ((0,), False), "os.scandir": ((0,), False), "glob.glob": ((0,), False),
    "os.remove": ((0,), True), "os.rmdir": ((0,), True), "os.mkdir": ((0,), True),
    "os.rename": ((0, 1), True), "os.link": ((0, 1), True), "os.symlink": ((0, 1), True),
    "os.truncate": ((0,), True), "os.chmod": ((0,), True), "os.chown": ((0,), True),
    "os.utime": ((0,), True), "os.setxattr": ((0,), True), "os.removexattr": ((0,), True),
    "shutil.rmtree": ((0,), True), "shutil.copyfile": ((1,), True), "shutil.copymode": ((1,), True),
    "shutil.copystat": ((1,), True), "shutil.move": ((1,), True), "shutil.chown": ((0,), True),
    "sqlite3.connect": ((0,), False), "sqlite3.connect/handle": ((), False),
}
_PROCESS_EVENTS = {
    "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
    "os.forkpty", "os.startfile", "pty.spawn", "os.killpg", "resource.setrlimit",
    "resource.prlimit", "sys.remote_exec", "os.add_dll_directory", "sqlite3.enable_load_extension",
    "sqlite3.load_extension", "ensurepip.bootstrap", "webbrowser.open",
}


def install(protected: list[str], own: str, scratch: list[str], readonly: list[str] = (),
            sockets: list[str] | None = None, trusted: list[str] | None = None) -> None:
    """Install the hook (all arguments are absolute paths).

    protected -- never opened, listed, linked, renamed or deleted
    own       -- the notebook's working folder: written freely
    scratch   -- folders written freely (the temporary folder) except under ``readonly``
    readonly  -- never written outside ``own`` (the course directory, the repository)
    sockets   -- the only sockets a connection may be opened to
    trusted   -- the installed code (standard library, site-packages, the course's packages)
    """
    realpath, isdir, getpid = os.path.realpath, os.path.isdir, os.getpid
    fsdecode, getframe = os.fsdecode, sys._getframe
    sep = os.sep
    protected_roots = tuple(sorted({realpath(p) for p in protected}))
    own_root = (realpath(own),)
    scratch_roots = tuple(sorted({realpath(p) for p in scratch}))
    readonly_roots = tuple(sorted({realpath(p) for p in readonly}))
    socket_paths = frozenset(realpath(p) for p in (sockets or []))
    trusted_roots = tuple(sorted({realpath(p) for p in (trusted or _trusted_roots())}))
    own_proc = f"/proc/{getpid()}"
    busy = [False]
    verdicts: dict = {}

    def under(path: str, roots: tuple) -> bool:
        return any(path == r or path.startswith(r + sep) for r in roots)

    def above(path: str) -> bool:
        return any(r.startswith(path.rstrip(sep) + sep) for r in protected_roots)

    def resolve(path: object) -> str | None:
        if type(path) is bytes:
            path = fsdecode(path)
        if type(path) is not str:
            return None
        return realpath(path)

    def check_path(path: object, modify: bool, opening: bool) -> None:
        key = (path, modify, opening) if type(path) in (str, bytes) else None
        if key is not None and verdicts.get(key) is True:
            return
        real = resolve(path)
        if real is None:
            return  # a file descriptor: it was checked when it was opened
        if under(real, protected_roots):
            raise PermissionError(f"the grader does not let a notebook use {real} while it is graded")
        if opening and isdir(real) and above(real):
            raise PermissionError(f"the grader does not let a notebook open the folder {real} while it is graded")
        if real.startswith("/proc/"):
            parts = real.split(sep)
            if len(parts) > 2 and parts[2].isdigit() and f"/proc/{parts[2]}" != own_proc:
                raise PermissionError("the grader does not let a notebook look into other processes")
            if any(p in ("mem", "map_files", "pagemap") for p in parts[3:]):
                raise PermissionError("the grader does not let a notebook read process memory")
        if real in ("/dev/mem", "/dev/kmem", "/dev/port"):
            raise PermissionError("the grader does not let a notebook read memory devices")
        if modify and not (under(real, own_root) or real.startswith("/dev/") or (
                under(real, scratch_roots) and not under(real, readonly_roots))):
            raise PermissionError(f"a notebook may only write in its own folder while it is graded, not {real}")
        if key is not None:
            verdicts[key] = True

    def ctypes_allowed() -> bool:
        frame = getframe(2)
        while frame is not None:
            name = frame.f_code.co_filename
            if sep + "ctypes" + sep not in name:
                return name.endswith(sep + "threadpoolctl.py") and under(realpath(name), trusted_roots)
            frame = frame.f_back
        return False

    def hook(event: str, args: tuple) -> None:
        if busy[0]:
            return
        if event == "open":
            path, mode, flags = args
            writing = (type(mode) is str and any(c in mode for c in "wax+")) or \
                (type(flags) is int and bool(flags & _WRITE_FLAGS))
            busy[0] = True
            try:
                check_path(path, writing, True)
            finally:
                busy[0] = False
            return
        if event in _PATH_EVENTS:
            indices, modify = _PATH_EVENTS[event]
            busy[0] = True
            try:
                for i in indices:
                    if i < len(args):
                        check_path(args[i], modify, False)
            finally:
                busy[0] = False
            return
        if event in _PROCESS_EVENTS:
            raise PermissionError(f"the grader does not let a notebook do {event} while it is graded")
        if event == "os.kill":
            if args[0] != getpid():
                raise PermissionError("the grader does not let a notebook signal other processes")
            return
        if event.startswith("ctypes."):
            if event in ("ctypes.create_string_buffer", "ctypes.create_unicode_buffer"):
                return
            busy[0] = True
            try:
                allowed = ctypes_allowed()
            finally:
                busy[0] = False
            if not allowed:
                raise PermissionError("the grader does not let a notebook use ctypes while it is graded")
            return
        if event == "import":
            filename = args[1]
            if type(filename) is str and filename.endswith(_EXTENSIONS):
                busy[0] = True
                try:
                    ok = under(realpath(filename), trusted_roots)
                finally:
                    busy[0] = False
                if not ok:
                    raise PermissionError(f"the grader does not let a notebook load {filename}")
            return
        if event == "socket.connect":
            address = args[1]
            if type(address) is str and realpath(address) in socket_paths:
                return
            raise PermissionError("the grader does not let a notebook open network connections")
        if event == "socket.bind":
            raise PermissionError("the grader does not let a notebook open network connections")

    sys.addaudithook(hook)


def _trusted_roots() -> list[str]:
    import site
    import sysconfig

    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    roots |= {sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib")}
    roots |= set(site.getsitepackages())
    here = os.path.dirname(os.path.abspath(__file__))
    roots |= {here, os.path.join(os.path.dirname(here), "helpers")}
    return sorted(roots)
