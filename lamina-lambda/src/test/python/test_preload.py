"""The Python spare's preloader (decision 19): it takes the function's environment and runs the
client's script in its own, already started interpreter only when a fresh start would see the
same thing; otherwise it execs the command as a sandbox without a spare would."""

import json
import os
import py_compile
import shutil
import subprocess
import sys
import unittest

from runtime_clients import PRELOAD, base_environment, load, temporary_dir, write

preload = load(PRELOAD, "lamina_preload")

# What the probe, standing in for the client's script, reports about the process it runs in.
PROBE = """\
import json, os, sys, traceback
with open("/proc/self/environ", "rb") as f:
    started_with = f.read().split(b"\\0")
print(json.dumps({
    "pid": os.getpid(),
    "preloaded": any(frame.filename.endswith("preload.py") for frame in traceback.extract_stack()),
    "started_as_spare": b"SPARE=1" in started_with,
    "environ": dict(os.environ),
    "argv": sys.argv,
    "orig_argv": sys.orig_argv,
    "file": __file__,
    "name": __name__,
    "loader": type(__loader__).__name__,
    "leftovers": sorted(k for k in globals() if not k.startswith("__") and k not in ("json", "os", "sys",
                                                                                   "traceback", "f", "started_with")),
    "path0": sys.path[0],
    "sys_path": sys.path,
}))
"""


def request(env, argv):
    """What the node writes to a spare's stdin (BubblewrapLauncher.release)."""
    return b"".join(os.fsencode(f"{k}={v}") + b"\0" for k, v in env.items()) + b"\0" + b"".join(
        os.fsencode(a) + b"\0" for a in argv)


class PreloadProcessTest(unittest.TestCase):
    def setUp(self):
        self.runtime_dir = temporary_dir(self)
        self.preload = os.path.join(self.runtime_dir, "preload.py")
        shutil.copy(PRELOAD, self.preload)
        self.script = write(self.runtime_dir, "probe.py", PROBE)
        self.spare_env = dict(base_environment(), SPARE="1")
        self.function_env = dict(base_environment(), AWS_LAMBDA_FUNCTION_NAME="fn", _HANDLER="app.handler")

    def run_spare(self, argv, function_env=None):
        """Starts a spare, hands it a function; returns (the spare's pid, what the probe reported)."""
        spare = subprocess.Popen([sys.executable, "-u", self.preload], env=self.spare_env, stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.addCleanup(lambda: spare.poll() is None and spare.kill())
        out, err = spare.communicate(request(function_env or self.function_env, argv), timeout=20)
        self.assertEqual(0, spare.returncode, err.decode())
        return spare.pid, json.loads(out) if out else None

    def assert_environment_is_the_functions(self, report, function_env):
        environ = report["environ"]
        self.assertEqual(function_env, {k: environ.get(k) for k in function_env})
        # Only what Python itself adds at start-up (PEP 538 locale coercion) may come on top.
        self.assertLessEqual(set(environ) - set(function_env), {"LC_CTYPE"})

    def test_the_same_command_and_start_up_variables_run_in_the_spares_interpreter(self):
        argv = [sys.executable, "-u", self.script]

        pid, report = self.run_spare(argv)

        self.assertTrue(report["preloaded"])
        self.assertTrue(report["started_as_spare"])
        self.assertEqual(pid, report["pid"])
        self.assert_environment_is_the_functions(report, self.function_env)
        self.assertEqual([self.script], report["argv"])
        self.assertEqual(argv, report["orig_argv"])
        self.assertEqual((self.script, "__main__", "SourceFileLoader"),
                         (report["file"], report["name"], report["loader"]))
        self.assertEqual([], report["leftovers"])  # nothing of the preloader's own is left in __main__
        self.assertEqual(self.runtime_dir, report["path0"])

    def test_a_byte_compiled_client_runs_as_python_would_run_it(self):
        compiled = os.path.join(self.runtime_dir, "probe.cpython.pyc")
        py_compile.compile(self.script, cfile=compiled, doraise=True)

        _, report = self.run_spare([sys.executable, "-u", compiled])

        self.assertTrue(report["preloaded"])
        self.assertEqual((compiled, "SourcelessFileLoader"), (report["file"], report["loader"]))

    def test_a_start_up_variable_of_the_functions_own_makes_it_exec_afresh(self):
        for name, value in (("TZ", "Europe/Paris"), ("LANG", "de_DE.UTF-8"), ("LD_PRELOAD", ""),
                            ("MALLOC_ARENA_MAX", "2"), ("HOME", "/nonexistent-home")):
            with self.subTest(variable=name):
                function_env = dict(self.function_env, **{name: value})

                _, report = self.run_spare([sys.executable, "-u", self.script], function_env)

                self.assertFalse(report["preloaded"])
                self.assertFalse(report["started_as_spare"])
                self.assert_environment_is_the_functions(report, function_env)

    def test_a_functions_pythonpath_execs_afresh_and_takes_effect(self):
        library = temporary_dir(self)
        function_env = dict(self.function_env, PYTHONPATH=library)

        _, report = self.run_spare([sys.executable, "-u", self.script], function_env)

        self.assertFalse(report["preloaded"])
        self.assertIn(library, report["sys_path"])

    def test_other_interpreter_options_exec_afresh(self):
        _, report = self.run_spare([sys.executable, "-u", "-X", "utf8", self.script])

        self.assertFalse(report["preloaded"])
        self.assertEqual([sys.executable, "-u", "-X", "utf8", self.script], report["orig_argv"])

    def test_a_script_outside_the_preloaders_directory_execs_afresh(self):
        elsewhere = write(temporary_dir(self), "probe.py", PROBE)

        _, report = self.run_spare([sys.executable, "-u", elsewhere])

        self.assertFalse(report["preloaded"])

    def test_a_spare_given_no_command_ends_quietly(self):
        spare = subprocess.Popen([sys.executable, "-u", self.preload], env=self.spare_env, stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)

        out, err = spare.communicate(b"", timeout=20)

        self.assertEqual((0, b"", b""), (spare.returncode, out, err))


class DecisionTest(unittest.TestCase):
    """``_takes_over`` alone, for what a process test cannot set up in time (a library directory that
    appears while the spare waits)."""

    def setUp(self):
        self.addCleanup(setattr, preload, "_MISSING_LIBRARY_DIRS", preload._MISSING_LIBRARY_DIRS)
        preload._MISSING_LIBRARY_DIRS = []
        self.initial = {"PATH": "/usr/bin", "LANG": "C.UTF-8", "LD_LIBRARY_PATH": "/var/task/lib"}
        self.argv = sys.orig_argv[:-1] + [os.path.join(os.path.dirname(PRELOAD), "bootstrap.py")]

    def test_takes_over_when_nothing_read_at_start_up_differs(self):
        env = dict(self.initial, AWS_LAMBDA_FUNCTION_NAME="fn", PATH="/opt/bin:/usr/bin")

        self.assertTrue(preload._takes_over(env, self.argv, self.initial))

    def test_every_start_up_variable_counts_whether_changed_added_or_removed(self):
        cases = {
            "changed": dict(self.initial, LANG="C"),
            "added": dict(self.initial, PYTHONHASHSEED="0"),
            "added LC_": dict(self.initial, LC_ALL="C.UTF-8"),
            "added GLIBC_": dict(self.initial, GLIBC_TUNABLES="glibc.malloc.check=3"),
            "added name": dict(self.initial, GCONV_PATH="/x"),
            "removed": {k: v for k, v in self.initial.items() if k != "LD_LIBRARY_PATH"},
        }
        for case, env in cases.items():
            with self.subTest(case):
                self.assertFalse(preload._takes_over(env, self.argv, self.initial))

    def test_a_library_directory_missing_at_start_that_exists_now_execs_afresh(self):
        library = temporary_dir(self)
        preload._MISSING_LIBRARY_DIRS = [os.path.join(library, "lib")]
        self.assertTrue(preload._takes_over(self.initial, self.argv, self.initial))

        os.mkdir(os.path.join(library, "lib"))

        self.assertFalse(preload._takes_over(self.initial, self.argv, self.initial))

    def test_the_request_is_read_as_the_node_writes_it(self):
        env_part, _, argv_part = request({"A": "1", "B": "x=y", "EMPTY": ""}, ["python", "-u", "s.py"]).partition(
            b"\0\0")

        self.assertEqual({"A": "1", "B": "x=y", "EMPTY": ""}, preload._entries(env_part))
        self.assertEqual(b"python\0-u\0s.py\0", argv_part)


if __name__ == "__main__":
    unittest.main()
