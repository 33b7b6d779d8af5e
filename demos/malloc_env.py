"""What the memory experiments (arena, allocators) share: the allocator a child process runs with,
glibc's tunables, and the memory a process holds.

Nothing from the wire reaches an environment variable or a path as it came: the allocator is one of
the fixed names in ALLOCATORS (validated again here), mapped to a fixed library file name searched in
fixed system directories; tunables are integers checked against their bounds. The driver sets
LD_PRELOAD and GLIBC_TUNABLES only in the environment of its own child processes.
"""

import os
import statistics

MIB = 1024 * 1024

# name -> (shared library file name, Debian package that ships it); glibc's malloc needs neither.
ALLOCATORS = {
    "glibc": None,
    "jemalloc": ("libjemalloc.so.2", "libjemalloc2"),
    "tcmalloc": ("libtcmalloc_minimal.so.4", "libtcmalloc-minimal4"),
    "mimalloc": ("libmimalloc.so.2", "libmimalloc2.0"),
}

# glibc.malloc.<name>: (lowest, highest) accepted here, in KiB for the two thresholds. glibc ignores
# an mmap_threshold above HEAP_MAX_SIZE / 2 (32 MiB on 64-bit). 0 means "leave glibc's default".
TUNABLES = {
    "arena_max": (0, 1024, 1),
    "mmap_threshold": (0, 32 * 1024, 1024),
    "trim_threshold": (0, 1024 * 1024, 1024),
}


class AllocatorMissing(RuntimeError):
    pass


def import_pyo3():
    """ffibench._pyo3, the Rust workloads, or an error that says which binding is missing."""
    try:
        from ffibench import _pyo3
    except ImportError as exc:
        raise RuntimeError(
            "the Rust workload needs the pyo3 binding (ffibench._pyo3), which this runtime does not have (%s); "
            "`npx ffi-corners runtimes` shows why, `npx ffi-corners setup` builds it (Rust's cargo is needed)" % exc
        ) from None
    return _pyo3


def _multiarch():
    machine = os.uname().machine
    return {"x86_64": "x86_64-linux-gnu", "aarch64": "aarch64-linux-gnu", "armv7l": "arm-linux-gnueabihf"}.get(machine, machine + "-linux-gnu")


def library_dirs():
    """Where Debian and most distributions install shared libraries. FFI_CORNERS_ALLOCATOR_DIRS (set
    by whoever starts the server or CLI, never from the wire) replaces the list."""
    override = os.environ.get("FFI_CORNERS_ALLOCATOR_DIRS")
    if override is not None:
        return [d for d in override.split(":") if d]
    arch = _multiarch()
    return ["/usr/lib/" + arch, "/lib/" + arch, "/usr/lib64", "/usr/lib"]


def allocator_library(name):
    """The file LD_PRELOAD gets for this allocator (None for glibc), or AllocatorMissing saying how
    to install it."""
    if name not in ALLOCATORS:
        raise ValueError("unknown allocator %r (known: %s)" % (name, ", ".join(ALLOCATORS)))
    entry = ALLOCATORS[name]
    if entry is None:
        return None
    filename, package = entry
    dirs = library_dirs()
    for d in dirs:
        path = os.path.join(d, filename)
        if os.path.isfile(path):
            return os.path.realpath(path)
    raise AllocatorMissing(
        "allocator %s: %s not found in %s; install it with: sudo apt-get install %s" % (name, filename, ", ".join(dirs) or "(no directories)", package)
    )


def tunables_string(values):
    """GLIBC_TUNABLES for {name: value}, values checked against TUNABLES (0: not set)."""
    parts = []
    for name, value in values.items():
        lo, hi, scale = TUNABLES[name]
        if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
            raise ValueError("%s must be an integer %d..%d, got %r" % (name, lo, hi, value))
        if value:
            parts.append("glibc.malloc.%s=%d" % (name, value * scale))
    return ":".join(parts) or None


def child_env(allocator, tunables):
    """(environment for a child process, the library preloaded or None, GLIBC_TUNABLES or None)."""
    env = dict(os.environ)
    env.pop("LD_PRELOAD", None)
    library = allocator_library(allocator)
    if library:
        env["LD_PRELOAD"] = library
    own = tunables_string(tunables)
    if own:
        env["GLIBC_TUNABLES"] = env["GLIBC_TUNABLES"] + ":" + own if env.get("GLIBC_TUNABLES") else own
    return env, library, env.get("GLIBC_TUNABLES")


# ---- in the child process ------------------------------------------------------------------------


def status():
    """VmRSS and VmHWM (KiB) of this process."""
    out = {}
    with open("/proc/self/status") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(rest.split()[0])
    return out


def mapped(library):
    """Whether this process has `library` mapped (LD_PRELOAD only warns when it cannot load one)."""
    with open("/proc/self/maps") as f:
        return any(line.rstrip().endswith(library) for line in f)


def glibc_malloc_info():
    """glibc's own account of its arenas from malloc_info(): per arena (<heap nr=...>) the bytes it
    holds from the system now and at its peak, and the bytes of mmap'd chunks, which belong to no
    arena. Only meaningful when glibc's malloc is the allocator."""
    import ctypes
    from xml.etree import ElementTree

    from driver import libc as c_library

    libc = c_library()

    def read():
        buf, size = ctypes.c_void_p(), ctypes.c_size_t()
        fp = libc.open_memstream(ctypes.byref(buf), ctypes.byref(size))
        if not fp or libc.malloc_info(0, fp) != 0:
            return None
        libc.fclose(fp)
        text = ctypes.string_at(buf, size.value).decode()
        libc.free(buf)
        root = ElementTree.fromstring(text)
        heaps = []
        for heap in root.findall("heap"):
            sizes = {s.get("type"): int(s.get("size")) for s in heap.findall("system")}
            heaps.append({"nr": int(heap.get("nr")), "current": sizes.get("current", 0), "max": sizes.get("max", 0)})
        mmap = next((t for t in root.findall("total") if t.get("type") == "mmap"), None)
        return {
            "arenas": len(heaps),
            # Non-main arenas (nr 0 is the main arena, which the interpreter itself uses).
            "thread_arena_bytes": sum(h["current"] for h in heaps if h["nr"] != 0),
            "thread_arena_peak_bytes": sum(h["max"] for h in heaps if h["nr"] != 0),
            "main_arena_bytes": sum(h["current"] for h in heaps if h["nr"] == 0),
            "mmap_bytes": int(mmap.get("size")) if mmap is not None else 0,
        }

    return read


def spread(values):
    """Median over processes with its spread (lowest, highest) and every value."""
    return {"median": statistics.median(values), "low": min(values), "high": max(values), "values": list(values)}
