"""Handler resolution (the Init phase) of the Python client: ``_HANDLER`` is split at its last dot,
``/`` in the module part becomes ``.``, and each failure has the error type and message of AWS's
client (awslambdaric)."""

import os
import sys
import unittest

from runtime_clients import BOOTSTRAP, load, temporary_dir, write

bootstrap = load(BOOTSTRAP, "lamina_bootstrap_handler")


class HandlerResolutionTest(unittest.TestCase):
    def setUp(self):
        # Each test's function code is a directory of its own, first on sys.path as the task root
        # is; modules loaded from it are forgotten afterwards, so names can repeat across tests.
        self.root = temporary_dir(self)
        sys.path.insert(0, self.root)
        self.addCleanup(self._forget_modules)

    def _forget_modules(self):
        sys.path.remove(self.root)
        for name, module in list(sys.modules.items()):
            if (getattr(module, "__file__", None) or "").startswith(self.root + os.sep) or name.startswith("fn_"):
                del sys.modules[name]

    def fault(self, handler):
        with self.assertRaises(bootstrap._Fault) as raised:
            bootstrap._load_handler(handler)
        return raised.exception

    def test_a_module_function_handler_is_that_function(self):
        write(self.root, "fn_app.py", "def handler(event, context):\n    return 'app'\n")

        self.assertEqual("app", bootstrap._load_handler("fn_app.handler")(None, None))

    def test_slashes_in_the_module_part_name_nested_packages(self):
        write(self.root, "fn_src/__init__.py", "")
        write(self.root, "fn_src/api/__init__.py", "")
        write(self.root, "fn_src/api/orders.py", "def get(event, context):\n    return 'orders'\n")

        self.assertEqual("orders", bootstrap._load_handler("fn_src/api/orders.get")(None, None))

    def test_dots_in_the_module_part_name_nested_packages_too(self):
        write(self.root, "fn_pkg/__init__.py", "")
        write(self.root, "fn_pkg/mod.py", "def handler(event, context):\n    return 'dotted'\n")

        self.assertEqual("dotted", bootstrap._load_handler("fn_pkg.mod.handler")(None, None))

    def test_namespace_packages_need_no_init_file(self):
        write(self.root, "fn_ns/inner/mod.py", "def handler(event, context):\n    return 'namespace'\n")

        self.assertEqual("namespace", bootstrap._load_handler("fn_ns/inner/mod.handler")(None, None))

    def test_the_function_is_any_callable_attribute_of_the_module(self):
        write(self.root, "fn_callable.py",
              "class Handler:\n    def __call__(self, event, context):\n        return 'object'\nhandler = Handler()\n")

        self.assertEqual("object", bootstrap._load_handler("fn_callable.handler")(None, None))

    def test_a_handler_without_a_dot_is_malformed(self):
        fault = self.fault("handler")

        self.assertEqual("Runtime.MalformedHandlerName", fault.error_type)
        self.assertEqual("Bad handler 'handler': not enough values to unpack (expected 2, got 1)", fault.message)

    def test_an_empty_handler_is_malformed(self):
        self.assertEqual("Runtime.MalformedHandlerName", self.fault("").error_type)

    def test_a_missing_module_is_an_import_error(self):
        fault = self.fault("fn_missing.handler")

        self.assertEqual("Runtime.ImportModuleError", fault.error_type)
        self.assertEqual("Unable to import module 'fn_missing': No module named 'fn_missing'", fault.message)

    def test_a_missing_nested_module_names_the_handlers_module_part(self):
        write(self.root, "fn_pkg/__init__.py", "")

        fault = self.fault("fn_pkg/absent.handler")

        self.assertEqual("Runtime.ImportModuleError", fault.error_type)
        self.assertEqual("Unable to import module 'fn_pkg/absent': No module named 'fn_pkg.absent'", fault.message)

    def test_an_import_inside_the_module_that_fails_is_an_import_error_of_the_handlers_module(self):
        write(self.root, "fn_deps.py", "import fn_not_installed\n")

        fault = self.fault("fn_deps.handler")

        self.assertEqual("Runtime.ImportModuleError", fault.error_type)
        self.assertEqual("Unable to import module 'fn_deps': No module named 'fn_not_installed'", fault.message)

    def test_a_builtin_module_conflicts(self):
        fault = self.fault("sys.handler")

        self.assertEqual("Runtime.BuiltInModuleConflict", fault.error_type)
        self.assertEqual("Cannot use built-in module sys as a handler module", fault.message)

    def test_a_syntax_error_names_the_file_and_line(self):
        path = write(self.root, "fn_broken.py", "def handler(event, context)\n    return 1\n")

        fault = self.fault("fn_broken.handler")

        self.assertEqual("Runtime.UserCodeSyntaxError", fault.error_type)
        self.assertTrue(fault.message.startswith("Syntax error in module 'fn_broken': "), fault.message)
        self.assertIn("(fn_broken.py, line 1)", fault.message)
        self.assertEqual(['  File "%s" Line 1\n    def handler(event, context)\n' % path], fault.trace)

    def test_a_missing_function_fails_each_invocation_not_the_init(self):
        write(self.root, "fn_nofunc.py", "def other(event, context):\n    pass\n")

        handler = bootstrap._load_handler("fn_nofunc.handler")

        with self.assertRaises(bootstrap._Fault) as raised:
            handler({}, None)
        self.assertEqual("Runtime.HandlerNotFound", raised.exception.error_type)
        self.assertEqual("Handler 'handler' missing on module 'fn_nofunc'", raised.exception.message)

    def test_an_exception_at_import_is_raised_as_it_is(self):
        write(self.root, "fn_raises.py", "raise ValueError('no config')\n")

        with self.assertRaises(ValueError):
            bootstrap._load_handler("fn_raises.handler")

    def test_the_module_runs_once_however_often_the_handler_is_used(self):
        write(self.root, "fn_once.py", "loads = []\nloads.append(1)\ndef handler(event, context):\n    return len(loads)\n")

        handler = bootstrap._load_handler("fn_once.handler")

        self.assertEqual([1, 1], [handler(None, None), handler(None, None)])


class SysPathTest(unittest.TestCase):
    def setUp(self):
        saved_path, saved_stdlib_path = list(sys.path), bootstrap._stdlib_path
        self.addCleanup(setattr, bootstrap, "_stdlib_path", saved_stdlib_path)
        self.addCleanup(sys.path.__setitem__, slice(None), saved_path)

    def test_the_task_root_comes_first_and_the_clients_own_directory_is_left_out(self):
        task_root = temporary_dir(self)
        sys.path[:] = [os.path.dirname(BOOTSTRAP), "/usr/lib/python3.11"]

        bootstrap._prepare_sys_path(task_root)

        self.assertEqual([task_root, "/usr/lib/python3.11"],
                         [p for p in sys.path if not p.startswith("/opt/python")])
        self.assertEqual(["/usr/lib/python3.11"], bootstrap._stdlib_path)


if __name__ == "__main__":
    unittest.main()
