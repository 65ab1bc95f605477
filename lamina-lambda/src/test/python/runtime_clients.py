"""Where the Python runtime clients are, and how a test loads or starts them.

The clients are resources of lamina-lambda (src/main/resources/lamina/runtime/python). Loaded as
modules they can be tested piece by piece (their ``main()`` runs only as a script); started as a
process, as Lamina starts them, they are tested against a ``FakeRuntimeApi``.
"""

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile

CLIENT_DIR = os.path.normpath(os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "main", "resources", "lamina", "runtime", "python"))
BOOTSTRAP = os.path.join(CLIENT_DIR, "bootstrap.py")
PRELOAD = os.path.join(CLIENT_DIR, "preload.py")

# Variables of the environment the tests run in that would change how a client behaves.
_CLIENT_VARIABLES = ("AWS_", "_HANDLER", "LAMBDA_", "_LAMBDA_", "_X_AMZN_TRACE_ID", "PYTHON")


def load(path, name):
    """Loads a client script as a fresh module named ``name`` (its ``__main__`` part does not run)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    saved = sys.dont_write_bytecode
    sys.dont_write_bytecode = True  # a __pycache__ beside the clients would end up in the jar
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = saved
    return module


def write(root, relative, text):
    path = os.path.join(root, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def temporary_dir(test):
    """A directory removed when ``test`` ends."""
    path = tempfile.mkdtemp(prefix="lamina-client-test-")
    test.addCleanup(shutil.rmtree, path, True)
    return os.path.realpath(path)


def base_environment():
    """This process's environment without anything that a Lambda runtime reads."""
    return {k: v for k, v in os.environ.items() if not k.startswith(_CLIENT_VARIABLES)}


class ClientProcess:
    """``python -u bootstrap.py`` for a function, as Lamina starts it (cwd = the task root)."""

    def __init__(self, test, api, task_root, handler, env=None, pass_fds=()):
        environment = base_environment()
        environment.update({
            "AWS_LAMBDA_RUNTIME_API": api.address,
            "_HANDLER": handler,
            "LAMBDA_TASK_ROOT": task_root,
            "AWS_LAMBDA_FUNCTION_NAME": "fn",
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "128",
            "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/fn",
            "AWS_LAMBDA_LOG_STREAM_NAME": "2025/01/01/[$LATEST]0123456789abcdef0123456789abcdef",
        })
        environment.update(env or {})
        self._process = subprocess.Popen(
            [sys.executable, "-u", BOOTSTRAP], cwd=task_root, env=environment, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, pass_fds=pass_fds)
        self.stdout = None
        self.stderr = None
        test.addCleanup(self.stop)

    def exit_status(self, timeout=10):
        """Waits for the client to exit by itself; returns its status, with its output read."""
        out, err = self._process.communicate(timeout=timeout)
        self.stdout, self.stderr = out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
        return self._process.returncode

    def stop(self):
        """Ends the client (it would wait for its next invocation for ever); returns its stdout."""
        if self._process.poll() is None:
            self._process.kill()
        if self.stdout is None:
            self.exit_status()
        return self.stdout
