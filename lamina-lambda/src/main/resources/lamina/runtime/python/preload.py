# Lamina: a Python interpreter started ahead of demand in a spare sandbox (decision 19).
#
# Started as `python -u <dir>/preload.py` with the environment every function starts from, before
# any function is known. It loads the modules the runtime client needs, then reads what to run from
# stdin: NUL-separated `KEY=VALUE` entries, an empty entry, then the command's arguments, ending at
# EOF. When the command is this interpreter with the same options and the function's environment
# agrees with this one in every variable read while a process starts (the dynamic loader's, the
# locale, the time zone, Python's own), it takes that environment and runs the client's script in
# this process, as `python -u <script>` would. Otherwise it execs the command, exactly as a sandbox
# without a preloaded interpreter runs it.

import os
import sys
import time
import _socket
import _thread

try:
    import _json  # noqa: F401 (what the client parses events with)
except ImportError:
    pass

_STARTUP_PREFIXES = ("LD_", "PYTHON", "LC_", "GLIBC_", "MALLOC_")
_STARTUP_NAMES = ("LANG", "LANGUAGE", "TZ", "TZDIR", "LOCPATH", "GCONV_PATH", "HOME")

# The dynamic loader remembers, for the life of the process, the library directories it found
# missing; the function's /var/task/lib or /opt/lib may appear only when its code is linked in.
_MISSING_LIBRARY_DIRS = [
    d for d in os.environ.get("LD_LIBRARY_PATH", "").split(":") if d and not os.path.isdir(d)
]


def _entries(block):
    out = {}
    for item in block.split(b"\0"):
        if item:
            key, _, value = item.partition(b"=")
            out[os.fsdecode(key)] = os.fsdecode(value)
    return out


def _read_request():
    env_part, _, argv_part = sys.stdin.buffer.read().partition(b"\0\0")
    return _entries(env_part), [os.fsdecode(a) for a in argv_part.split(b"\0") if a]


def _initial_environment():
    # What this process was started with, before Python's own start-up changes (PEP 538 locale
    # coercion sets LC_CTYPE, as it would in an interpreter started with the function's environment).
    with open("/proc/self/environ", "rb") as f:
        return _entries(f.read())


def _starts_the_same(env, initial):
    for key in set(env) | set(initial):
        if key.startswith(_STARTUP_PREFIXES) or key in _STARTUP_NAMES:
            if env.get(key) != initial.get(key):
                return False
    return True


def _takes_over(env, argv, initial):
    """Whether this interpreter may run ``argv`` itself: the same interpreter and options, a script
    beside this one, the same start-up variables, and no library directory that appeared since."""
    return (
        argv[:-1] == getattr(sys, "orig_argv", [])[:-1]
        and _starts_the_same(env, initial)
        and os.path.dirname(argv[-1]) == os.path.dirname(os.path.abspath(__file__))
        and not any(os.path.isdir(d) for d in _MISSING_LIBRARY_DIRS)
    )


def _run():
    env, argv = _read_request()
    initial = _initial_environment()
    if not argv:
        os._exit(0)  # the node went away before it had a function for this sandbox
    script = argv[-1]
    if not _takes_over(env, argv, initial):
        os.execvpe(argv[0], argv, env)
    added_at_start = {k: v for k, v in os.environ.items() if k not in initial and k not in env}
    os.environ.clear()
    os.environ.update(env)
    os.environ.update(added_at_start)
    with open(script, "rb") as f:
        data = f.read()
    if script.endswith(".pyc"):
        import marshal

        code = marshal.loads(memoryview(data)[16:])
    else:
        code = compile(data, script, "exec")
    sys.argv[:] = [script]
    if hasattr(sys, "orig_argv"):
        sys.orig_argv[:] = argv
    return script, code


def _start():
    script, code = _run()
    # The loader Python gives a script it runs from the command line.
    loaders = sys.modules["_frozen_importlib_external"]
    loader = loaders.SourcelessFileLoader if script.endswith(".pyc") else loaders.SourceFileLoader
    main = sys.modules["__main__"].__dict__
    for name in [n for n in main if not n.startswith("__")]:
        del main[name]
    main["__file__"] = script
    main["__loader__"] = loader("__main__", script)
    return code


if __name__ == "__main__":  # imported by its tests, which run its parts
    exec(_start())
