"""pyo3: a Rust crate built by maturin into a wheel; only its module is kept."""

import os
import re
import shutil
import sys
import sysconfig
import zipfile

from ..proc import BuildError, log, query, run
from ..stamps import Stamps, tree_files
from ..toolchains import installed_version
from ..tree import C_HEADER, EXT_SUFFIX, NATIVE


def build(b):
    crate = os.path.join(NATIVE, "pyo3")
    out_dir = os.path.join(b.dir, "pyo3")
    wheels = os.path.join(out_dir, "wheels")
    module = os.path.join(out_dir, "_pyo3" + EXT_SUFFIX)
    env = dict(os.environ)
    cargo = shutil.which("cargo") or shutil.which(
        "cargo", path=os.path.join(os.path.expanduser("~"), ".cargo", "bin"))
    if not cargo:
        raise BuildError("cargo not found (on PATH or in ~/.cargo/bin): the pyo3 binding needs Rust")
    env["PATH"] = os.path.dirname(cargo) + os.pathsep + env.get("PATH", "")
    env["CARGO_TARGET_DIR"] = os.path.join(b.dir, "cargo-target")
    env["FFIBENCH_LIB_DIR"] = b.lib_dir
    env["PYO3_BUILD_EXTENSION_MODULE"] = "1"
    maturin = os.path.join(sysconfig.get_path("scripts"), "maturin")
    if not os.path.exists(maturin):
        maturin = shutil.which("maturin") or maturin
    rustc = shutil.which("rustc", path=env["PATH"]) or "rustc"
    cmd = [maturin, "build", "--release", "--manifest-path", os.path.join(crate, "Cargo.toml"),
           "--interpreter", sys.executable, "--out", wheels,
           "--auditwheel", "skip", "--compatibility", "linux"]
    if os.path.exists(os.path.join(crate, "Cargo.lock")):
        cmd.append("--locked")
    key = Stamps.key([cmd, installed_version("maturin"), query([rustc, "-V"], env=env),
                      EXT_SUFFIX, b.lib_dir],
                     tree_files(crate) + [C_HEADER])
    if b.stamps.fresh("_pyo3", key, [module]):
        log("%s is up to date" % os.path.basename(module))
        return module
    b.stamps.forget("_pyo3")
    shutil.rmtree(wheels, ignore_errors=True)
    run(cmd, env=env)
    built = [f for f in os.listdir(wheels) if f.endswith(".whl")]
    if len(built) != 1:
        raise BuildError("maturin left %d wheels in %s, expected 1" % (len(built), wheels))
    with zipfile.ZipFile(os.path.join(wheels, built[0])) as whl:
        # Where maturin puts the module inside its wheel varies with its
        # version and layout; only the .so matters (PyInit__pyo3).
        members = [m for m in whl.namelist() if re.search(r"(^|/)_pyo3\.[^/]*so$", m)]
        if len(members) != 1:
            raise BuildError("no single _pyo3*.so in %s: %s" % (built[0], whl.namelist()))
        if not members[0].endswith(EXT_SUFFIX):
            raise BuildError("maturin built %s, but this interpreter needs the suffix %s"
                             % (members[0], EXT_SUFFIX))
        tmp = module + ".tmp"
        with whl.open(members[0]) as src, open(tmp, "wb") as dst:
            shutil.copyfileobj(src, dst)
        os.chmod(tmp, 0o755)
        os.replace(tmp, module)
    b.stamps.record("_pyo3", key)
    return module
