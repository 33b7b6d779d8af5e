"""cffi on free-threaded 3.13: built from its sdist with its refusal bypassed.

cffi's setup.py refuses free-threaded 3.13 with exactly the statement
CFFI_FT_CHECK below (cffi 2.x: `raise RuntimeError("CFFI does not support the
free-threaded build of CPython 3.13. ...")` under it). The patch makes that one
condition false and changes nothing else: cffi's C code already has its
free-threading support (PyMutex locks, atomics, Py_MOD_GIL_NOT_USED) under
`#ifdef Py_GIL_DISABLED`, which 3.13t defines; upstream simply declares 3.14t
the first supported free-threaded version. The talk measured cffi on 3.13t the
same way. The bypass is never silent: on such a runtime every cffi binding's
row carries the note from bindings.json ("freeThreading"), in the build report,
in `runtimes`, and on every slide that shows the row (docs/design.md).
"""

import os
import re
import shutil
import sys
import tarfile

from .proc import BuildError, log, pip, run
from .tree import binding_note, read_bindings

# What a cffi row built here says besides the binding list's note.
NOTE = "cffi's free-threading check bypassed"

# True where a binding that needs cffi carries a note on this interpreter: cffi
# refuses it upstream, so it is built here from its patched sdist.
NEEDED = any(binding_note(spec) for spec in read_bindings().values() if "cffi" in spec["toolchains"])

# The marker text stays as first written, so a tree patched by an earlier build is recognised.
CFFI_FT_CHECK = "if FREE_THREADED_BUILD and sys.version_info < (3, 14):"
CFFI_FT_PATCHED = ("if False and FREE_THREADED_BUILD and sys.version_info < (3, 14):"
                   "  # ffi-corners: 3.13t refusal bypassed (native/build.py)")


def install_patched_cffi(build_dir, version):
    work = os.path.join(build_dir, "cffi-sdist")
    src = os.path.join(work, "cffi-%s" % version)
    if not os.path.exists(os.path.join(src, "setup.py")):
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        fetch_cffi_sdist(work, version, src)
    setup_py = os.path.join(src, "setup.py")
    with open(setup_py, encoding="utf-8") as f:
        text = f.read()
    if CFFI_FT_PATCHED not in text:
        if text.count(CFFI_FT_CHECK) != 1:
            raise BuildError("cffi %s: its free-threaded 3.13 check was not found in setup.py; "
                             "update the patch in native/ffibuild/cffi313t.py" % version)
        with open(setup_py, "w", encoding="utf-8") as f:
            f.write(text.replace(CFFI_FT_CHECK, CFFI_FT_PATCHED))
        log("patched cffi's setup.py: %s -> %s" % (CFFI_FT_CHECK, CFFI_FT_PATCHED))
    # The venv's pinned setuptools builds it; its dependency (pycparser) is pinned too.
    pip(["install", "--no-build-isolation", "--no-deps", src])


def fetch_cffi_sdist(work, version, dest):
    """`pip download --no-binary :all: --no-deps cffi==<version>` into `dest` (unpacked).

    On 3.13t, pip cannot finish that download: it prepares the sdist's metadata
    by running its setup.py, which raises the very check we are bypassing, and
    pip then drops the file. With --no-clean and a private TMPDIR, pip leaves
    the sdist it downloaded unpacked there; we take that tree."""
    tmp = os.path.join(work, "pip-tmp")
    dl = os.path.join(work, "download")
    os.makedirs(tmp)
    os.makedirs(dl)
    env = dict(os.environ, TMPDIR=tmp)
    if NEEDED:
        log("expected on 3.13t: pip's metadata step runs cffi's setup.py, which refuses "
            "this interpreter; the unpacked sdist is used instead")
    rc, _ = run([sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input",
                 "download", "--no-binary", ":all:", "--no-deps", "--no-clean", "--no-cache-dir",
                 "-d", dl, "cffi==%s" % version], env=env, check=False)
    archives = [f for f in os.listdir(dl) if f.startswith("cffi-%s." % version)]
    if rc == 0 and archives:
        with tarfile.open(os.path.join(dl, archives[0])) as tar:
            if hasattr(tarfile, "data_filter"):
                tar.extractall(work, filter="data")
            else:
                tar.extractall(work)
    else:
        log("pip could not prepare cffi's metadata (its setup.py refuses 3.13t); "
            "using the sdist pip downloaded and unpacked")
        found = None
        for dirpath, _, filenames in os.walk(tmp):
            if "setup.py" in filenames and "PKG-INFO" in filenames:
                with open(os.path.join(dirpath, "PKG-INFO"), encoding="utf-8", errors="replace") as f:
                    head = f.read(2000)
                if re.search(r"^Name: cffi$", head, re.M | re.I) and \
                        re.search(r"^Version: %s$" % re.escape(version), head, re.M):
                    found = dirpath
                    break
        if not found:
            raise BuildError("pip download of the cffi %s sdist failed" % version)
        shutil.copytree(found, dest)
    shutil.rmtree(tmp, ignore_errors=True)
    if not os.path.exists(os.path.join(dest, "setup.py")):
        raise BuildError("the cffi %s sdist has no setup.py at %s" % (version, dest))
