"""Installing into the venv's ffibench package: built artefacts and the Python sources."""

import os
import shutil

from .proc import log
from .tree import EXT_SUFFIX, NATIVE, PY_PKG_SRC


def same_file(a, b):
    try:
        if os.path.getsize(a) != os.path.getsize(b):
            return False
        with open(a, "rb") as fa, open(b, "rb") as fb:
            return fa.read() == fb.read()
    except OSError:
        return False


def install_file(src, dst):
    """Copies src to dst unless identical; atomic, so a running process that
    has the old module mapped keeps a valid file."""
    if same_file(src, dst):
        return False
    tmp = "%s.tmp-%d" % (dst, os.getpid())
    shutil.copy2(src, tmp)
    os.replace(tmp, dst)
    return True


def remove_extension(pkg_dir, module):
    for name in os.listdir(pkg_dir):
        if name.startswith(module + ".") and name.endswith(".so"):
            os.unlink(os.path.join(pkg_dir, name))


def install_extension(pkg_dir, module, built):
    """Installs a built extension module, removing other builds of it."""
    dst_name = module + EXT_SUFFIX
    for name in os.listdir(pkg_dir):
        if name.startswith(module + ".") and name.endswith(".so") and name != dst_name:
            os.unlink(os.path.join(pkg_dir, name))
    install_file(built, os.path.join(pkg_dir, dst_name))


def install_python_sources(pkg_dir):
    """The loader modules, the binding list (bindings.json), and cffi's one
    cdef as ffibench/_cffi_cdef.py."""
    changed = 0
    for name in sorted(os.listdir(PY_PKG_SRC)):
        if name.endswith((".py", ".json")):
            changed += install_file(os.path.join(PY_PKG_SRC, name), os.path.join(pkg_dir, name))
    changed += install_file(os.path.join(NATIVE, "cffi", "ffibench_cdef.py"),
                            os.path.join(pkg_dir, "_cffi_cdef.py"))
    log("python sources: %d file(s) updated in %s" % (changed, pkg_dir))
