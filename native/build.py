#!/usr/bin/env python3
"""Builds libffibench.so and every Python binding of it into the running venv.

    <venv>/bin/python native/build.py --build-dir DIR [--only id,id]

Installs the pinned toolchains (native/requirements-build.txt) into the venv
with pip, compiles native/ffibench/ffibench.c into libffibench.so, and installs
the package `ffibench` into the venv's site-packages (sysconfig "purelib"):
the library, the pure-Python loader modules and the binding list
(native/python/ffibench/), and every compiled extension module, each linked
dynamically to that one library (rpath $ORIGIN), so a comparison measures the
binding, not the linking. The bindings and their facts come from
native/python/ffibench/bindings.json.

Logs go to stderr. stdout carries exactly one JSON object:
    {"lib": "<installed libffibench.so>",
     "bindings": {"<id>": {"status": "ok"|"error", "error"?: str, "note"?: str}}}
A binding that fails does not stop the others. The exit status is non-zero
only when something global failed (the C library, the arguments, not a venv),
with a one-line reason on stderr.

Compiler, CMake and cargo outputs stay in --build-dir, with a stamp per step:
a rebuild with nothing changed only checks stamps and copies nothing.
The machinery lives in the package native/ffibuild/, one concern per module.
"""

import os
import sys

if __name__ == "__main__":
    sys.dont_write_bytecode = True  # keep native/ free of __pycache__
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from ffibuild.main import main

    sys.exit(main(description=__doc__.split("\n\n")[0]))
