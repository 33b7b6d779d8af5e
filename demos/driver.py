"""What every experiment driver shares: arguments, pinning, the environment record and the event
stream (JSON Lines on stdout, the schema is protocol/events.ts; logs go to stderr, never stdout).

A driver is run by the server or the CLI as

    <runtime venv python> demos/<driver>.py --params '<json>' [--cpus 0-1] [--runtime-id ID]

with parameters already validated against protocol/experiments.ts (defaults filled in).
"""

import argparse
import datetime
import json
import os
import platform
import sys
import sysconfig
import time

PROTOCOL_VERSION = 1
_PARENT_AT_START = os.getppid()


def _write(event):
    sys.stdout.write(json.dumps(event, separators=(",", ":"), allow_nan=False) + "\n")
    sys.stdout.flush()


def log(*parts):
    print(*parts, file=sys.stderr, flush=True)


def progress(done, total, phase):
    _write({"type": "progress", "done": int(done), "total": int(total), "phase": phase})


def samples(data, unit="ns"):
    """data: {series: [values]} of new measurements."""
    _write({"type": "samples", "unit": unit, "data": data})


def partial(key, data):
    _write({"type": "partial", "key": key, "data": data})


def result(data, usage=None):
    event = {"type": "result", "data": data}
    if usage is not None:
        event["usage"] = usage
    _write(event)


def error(message):
    _write({"type": "error", "message": str(message)})


def parse_cpus(text):
    """taskset list format: "0-1,3" -> {0, 1, 3}."""
    cpus = set()
    for part in text.split(","):
        lo, _, hi = part.partition("-")
        cpus.update(range(int(lo), int(hi or lo) + 1))
    return cpus


def read_text(path):
    """The stripped text of a file (/proc, /sys), or None when it cannot be read."""
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return None


def _cpu_model():
    for line in (read_text("/proc/cpuinfo") or "").splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def gil_enabled():
    """True where the GIL is on now (always on builds without free-threading)."""
    check = getattr(sys, "_is_gil_enabled", None)
    return True if check is None else bool(check())


def environment(runtime_id):
    affinity = sorted(os.sched_getaffinity(0))
    governor = read_text("/sys/devices/system/cpu/cpu%d/cpufreq/scaling_governor" % affinity[0])
    smt = read_text("/sys/devices/system/cpu/smt/active")
    aslr = read_text("/proc/sys/kernel/randomize_va_space")
    return {
        "runtimeId": runtime_id,
        "python": sys.executable,
        "version": platform.python_version(),
        "freeThreadedBuild": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
        "gilEnabledAfterImports": gil_enabled(),
        "affinity": affinity,
        "cpuModel": _cpu_model(),
        "cpuCount": os.cpu_count() or 0,
        "kernel": platform.release(),
        "glibc": os.confstr("CS_GNU_LIBC_VERSION") or "unknown",
        "governor": governor,
        "smtActive": None if smt is None else smt == "1",
        "aslr": None if aslr is None else int(aslr),
        "loadavg": [round(x, 2) for x in os.getloadavg()],
        "glibcTunables": os.environ.get("GLIBC_TUNABLES"),
        "pythonGil": os.environ.get("PYTHON_GIL"),
    }


# A /proc/stat CPU line: user nice system idle iowait irq softirq steal ...
_BUSY_FIELDS = (0, 1, 2, 5, 6, 7)  # steal too: a hypervisor's other guests compete like processes do


def _busy_s(cpus):
    """CPU seconds the CPUs `cpus` have spent busy since boot (every process on them), or None."""
    names = {"cpu%d" % c for c in cpus}
    try:
        with open("/proc/stat") as f:
            lines = [l.split() for l in f if l.startswith("cpu")]
        ticks = sum(int(fields[1 + i]) for fields in lines if fields[0] in names for i in _BUSY_FIELDS if 1 + i < len(fields))
    except (OSError, ValueError):
        return None
    return ticks / os.sysconf("SC_CLK_TCK")


def _own_cpu_s():
    """CPU seconds of this process and its children that have been waited for."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


class Usage:
    """Who used the CPUs this run may run on while it measured: this process (with its children) and
    everything else. The load average cannot say it: it lags by a minute, so it still holds a previous
    run of the same session (50 racing threads) when the next one starts on a quiet machine; and it
    counts the whole machine, where a pinned run competes only on its own CPUs."""

    def __init__(self):
        self.cpus = sorted(os.sched_getaffinity(0))
        self.t0, self.busy0, self.own0 = time.monotonic(), _busy_s(self.cpus), _own_cpu_s()

    def report(self):
        busy = _busy_s(self.cpus)
        if busy is None or self.busy0 is None:
            return None
        return {
            "wallS": round(time.monotonic() - self.t0, 3),
            "cpus": len(self.cpus),
            "busyCpuS": round(busy - self.busy0, 3),
            "ownCpuS": round(_own_cpu_s() - self.own0, 3),
            # Both counters advance in clock ticks: the resolution of the two figures above.
            "tickS": 1 / os.sysconf("SC_CLK_TCK"),
        }


def alternate(arms, repeats):
    """A/B alternation, the one way drivers order their arms: yields (repeat index, the arms in this
    repeat's order), the order reversed every other repeat (A B, B A, A B, ...), so neither arm always
    goes first and drift or warm-up fall on both alike."""
    arms = tuple(arms)
    for r in range(repeats):
        yield r, arms if r % 2 == 0 else arms[::-1]


# The C library's functions the drivers call through ctypes, declared once (libffibench's own are in
# ffibench's _ctypes_decl.py, on the handles ffibench.ctypes_cdll.lib / ffibench.ctypes_pydll.lib).
def _libc_signatures(ctypes):
    c_void_p, c_int, c_size_t = ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t
    return {
        "prctl": (c_int, [c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]),
        "read": (ctypes.c_ssize_t, [c_int, c_void_p, c_size_t]),
        "open_memstream": (c_void_p, [ctypes.POINTER(c_void_p), ctypes.POINTER(c_size_t)]),
        "malloc_info": (c_int, [c_int, c_void_p]),
        "fclose": (c_int, [c_void_p]),
        "free": (None, [c_void_p]),
    }


def libc(loader="cdll"):
    """The C library through ctypes.CDLL (the GIL released around each call) or ctypes.PyDLL (kept),
    every function the drivers use declared."""
    import ctypes

    lib = (ctypes.PyDLL if loader == "pydll" else ctypes.CDLL)(None, use_errno=True)
    for name, (restype, argtypes) in _libc_signatures(ctypes).items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes
    return lib


def die_with_parent():
    """Linux: have the kernel kill this process when its parent dies (even by SIGKILL), so a
    server killed with kill -9 leaves no driver running. Call it in every process a driver starts."""
    try:
        import signal

        PR_SET_PDEATHSIG = 1
        libc().prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != _PARENT_AT_START:  # the parent died before prctl took effect
            os._exit(1)
    except (OSError, AttributeError):
        pass


class Driver:
    """Parses the arguments, pins the process, and (after the experiment's imports) sends meta.

    Usage in a driver:
        drv = Driver("races")
        import ffibench ...            # everything the experiment needs, BEFORE meta
        drv.meta()                     # the GIL state in meta is measured now, after the imports
        ...
        drv.finish(result_data)
    """

    def __init__(self, experiment):
        parser = argparse.ArgumentParser(description="ffi-corners driver: " + experiment)
        parser.add_argument("--params", required=True, help="validated parameters as JSON")
        parser.add_argument("--cpus", help="pin to these CPUs (taskset list format)")
        parser.add_argument("--runtime-id", default="unknown")
        args = parser.parse_args()
        die_with_parent()
        self.experiment = experiment
        self.params = json.loads(args.params)
        self.runtime_id = args.runtime_id
        if args.cpus:
            os.sched_setaffinity(0, parse_cpus(args.cpus))
        self.started = time.monotonic()

    def meta(self):
        self.usage = Usage()  # from here on the run measures
        _write(
            {
                "type": "meta",
                "protocol": PROTOCOL_VERSION,
                "experiment": self.experiment,
                "params": self.params,
                "env": environment(self.runtime_id),
                "startedAt": datetime.datetime.now(datetime.timezone.utc).isoformat(),
            }
        )

    def finish(self, data):
        usage = getattr(self, "usage", None)
        result(data, usage.report() if usage else None)


def main(run):
    """Runs `run()`; an exception becomes an error event and exit status 1, never a stray traceback on stdout."""
    try:
        run()
    except KeyboardInterrupt:
        error("interrupted")
        sys.exit(130)
    except Exception as exc:  # reported to the user as the run's error
        import traceback

        traceback.print_exc(file=sys.stderr)
        error("%s: %s" % (type(exc).__name__, exc))
        sys.exit(1)
