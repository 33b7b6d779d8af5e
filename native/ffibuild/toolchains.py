"""The binding toolchains: exact pins from requirements-build.txt, installed with pip."""

import collections
import importlib
import importlib.metadata
import re

from . import cffi313t
from .proc import BuildError, log, pip
from .tree import REQUIREMENTS


def read_pins():
    pins = collections.OrderedDict()
    with open(REQUIREMENTS, encoding="utf-8") as f:
        for raw in f:
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            m = re.match(r"^([A-Za-z0-9_.\-]+)\s*==\s*([A-Za-z0-9_.\-+!]+)$", line)
            if not m:
                raise BuildError("%s: not an exact pin: %r" % (REQUIREMENTS, line))
            pins[m.group(1).lower()] = m.group(2)
    return pins


def installed_version(name):
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def toolchain_versions():
    try:
        return {n: installed_version(n) for n in read_pins()}
    except (BuildError, OSError):
        return {}


def ensure_toolchains(build_dir):
    """Installs the pinned toolchains; returns {package: error} for those that failed."""
    importlib.invalidate_caches()
    pins = read_pins()
    failures = {}
    missing = [n for n, v in pins.items() if installed_version(n) != v]
    if not missing:
        log("toolchains already installed: " + ", ".join("%s==%s" % kv for kv in pins.items()))
        return failures
    special_cffi = cffi313t.NEEDED and "cffi" in missing
    plain = [n for n in missing if not (special_cffi and n == "cffi")]
    if plain:
        specs = ["%s==%s" % (n, pins[n]) for n in plain]
        try:
            pip(["install"] + specs)
        except BuildError:
            log("pip failed for the set; installing one package at a time")
            for n in plain:
                try:
                    pip(["install", "%s==%s" % (n, pins[n])])
                except BuildError as e:
                    failures[n] = "pip install %s==%s: %s" % (n, pins[n], e)
    if special_cffi:
        try:
            cffi313t.install_patched_cffi(build_dir, pins["cffi"])
        except BuildError as e:
            failures["cffi"] = str(e)
    importlib.invalidate_caches()
    return failures
