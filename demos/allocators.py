"""The talk's allocator table, measured: the rows that can be measured on Linux, each a native
workload run under glibc's malloc and under jemalloc, tcmalloc and mimalloc (LD_PRELOAD of Debian's
libraries), plus glibc with the tunables given ("glibc-tuned"), when any is.

The workload is Rust threads in ffibench._pyo3 (alloc_pattern, called with the GIL released): each
thread runs rounds of allocating blocks of random sizes in a range, writing every byte, and freeing
them; a scenario may keep every k-th block of the last round alive (survivors, freed later) or hold
all threads' blocks live at once. Every measurement is a fresh process; per allocator and scenario
`repeats` processes, the arms alternating. Each reports RSS at its peak (VmHWM), after the threads
ended (retained) and after the survivors were freed (released), all from the process's RSS before
the workload; the native call's time, and per allocation; glibc's arena count for glibc arms.

A scenario ranks the arms by one of these (lowest first): the one its row of the table is about.
"""

import json
import os
import subprocess
import sys

from driver import Driver, alternate, main, partial, progress
from malloc_env import ALLOCATORS, TUNABLES, AllocatorMissing, child_env, import_pyo3, spread

# id: (the talk's row, verbatim; what ranks the arms; the workload, as alloc_pattern's arguments)
SCENARIOS = {
    "short-lived-threads": (
        "many short-lived threads",
        "retainedMiB",
        dict(calls=40, threads=16, min_size=1024, max_size=32 * 1024, allocs=32, rounds=1, keep_every=0, hold=False),
    ),
    "long-lived-rss": (
        "Long-lived server, RSS-sensitive",
        "retainedMiB",
        dict(calls=1, threads=4, min_size=16, max_size=2048, allocs=40000, rounds=4, keep_every=32, hold=False),
    ),
    "latency": (
        "Latency-critical, multi-threaded",
        "allocNs",
        dict(calls=5, threads=0, min_size=16, max_size=256, allocs=256, rounds=200, keep_every=0, hold=False),
    ),
    "tight-memory": (
        "Tight memory limit (containers, 256–512 MiB)",
        "peakRssMiB",
        dict(calls=3, threads=4, min_size=64, max_size=64 * 1024, allocs=512, rounds=4, keep_every=0, hold=True),
    ),
    "high-thread-count": (
        "High thread-count backend",
        "peakRssMiB",
        dict(calls=1, threads=200, min_size=1024, max_size=8 * 1024, allocs=64, rounds=1, keep_every=0, hold=True),
    ),
}


def describe(w):
    threads = "one per CPU" if not w["threads"] else "%d" % w["threads"]
    text = "%d call%s x %s Rust threads x %d rounds of %d blocks of %s..%s bytes" % (
        w["calls"], "" if w["calls"] == 1 else "s", threads, w["rounds"], w["allocs"], w["min_size"], w["max_size"])
    if w["keep_every"]:
        text += ", every %dth block of the last round kept alive until after the measurement" % w["keep_every"]
    if w["hold"]:
        text += ", every thread's blocks live at once"
    return text


def child(spec):
    """Child process: one scenario under one allocator, one JSON line on stdout."""
    import time

    from malloc_env import glibc_malloc_info, mapped, status

    _pyo3 = import_pyo3()

    info = glibc_malloc_info() if spec["allocator"] == "glibc" else None
    if spec["library"] and not mapped(spec["library"]):
        raise SystemExit("LD_PRELOAD=%s was not loaded into the process" % spec["library"])
    w = spec["workload"]
    threads = w["threads"] or (os.cpu_count() or 1)
    before = status()["VmRSS"]
    call_ns = []
    for i in range(w["calls"]):
        t = time.perf_counter_ns()
        _pyo3.alloc_pattern(threads, w["min_size"], w["max_size"], w["allocs"], w["rounds"], w["keep_every"], w["hold"], 1 + i)
        call_ns.append(time.perf_counter_ns() - t)
    st = status()
    retained, peak = st["VmRSS"], st["VmHWM"]
    arenas = info()["arenas"] if info else None
    _pyo3.release_kept()
    released = status()["VmRSS"]
    call_ns.sort()
    median_ns = call_ns[len(call_ns) // 2]
    print(json.dumps({
        "peak_kib": peak - before, "retained_kib": retained - before, "released_kib": released - before,
        "call_ns": median_ns, "alloc_ns": median_ns / (threads * w["allocs"] * w["rounds"]), "arenas": arenas,
    }))


def run():
    drv = Driver("allocators")
    import_pyo3()  # what every child imports: the GIL state in meta is after it

    drv.meta()
    p = drv.params
    tunables = {k: p[k] for k in TUNABLES}
    arms = []  # (arm name, allocator, environment, library, GLIBC_TUNABLES) or (name, allocator, error)
    errors = []
    wanted = [a for a in p["allocators"] if a in ALLOCATORS]
    names = wanted + (["glibc-tuned"] if "glibc" in wanted and any(tunables.values()) else [])
    for name in names:
        allocator = "glibc" if name == "glibc-tuned" else name
        try:
            env, library, tun = child_env(allocator, tunables if name == "glibc-tuned" else {})
            arms.append(dict(arm=name, allocator=allocator, env=env, library=library, tunables=tun))
        except AllocatorMissing as exc:
            errors.append(str(exc))
            arms.append(dict(arm=name, allocator=allocator, error=str(exc), library=None, tunables=None))
    runnable = [a for a in arms if "error" not in a]
    if not runnable:
        raise RuntimeError("no allocator can run: " + "; ".join(errors))

    def measure(arm, workload):
        spec = dict(allocator=arm["allocator"], library=arm["library"], workload=workload)
        proc = subprocess.run(
            [sys.executable, os.path.abspath(__file__), "--child", json.dumps(spec)],
            env=arm["env"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=120,
        )
        if proc.returncode != 0:
            raise RuntimeError("%s exited %d: %s" % (arm["arm"], proc.returncode, proc.stderr.strip()[-500:]))
        return json.loads(proc.stdout.strip().splitlines()[-1])

    repeats = p["repeats"]
    total = len(p["scenarios"]) * repeats * len(runnable)
    done = 0
    scenarios = []
    for sid in p["scenarios"]:
        talk_row, rank_by, workload = SCENARIOS[sid]
        raws = {a["arm"]: [] for a in runnable}
        failed = {}
        for r, order in alternate(runnable, repeats):
            for arm in order:
                if arm["arm"] in failed:
                    continue
                progress(done, total, "%s: %s, repeat %d/%d" % (sid, arm["arm"], r + 1, repeats))
                try:
                    raws[arm["arm"]].append(measure(arm, workload))
                except (RuntimeError, subprocess.TimeoutExpired) as exc:
                    failed[arm["arm"]] = str(exc)
                    errors.append("%s, %s: %s" % (sid, arm["arm"], exc))
                done += 1
        out_arms = []
        for arm in arms:
            entry = dict(allocator=arm["allocator"], arm=arm["arm"], library=arm["library"], glibcTunables=arm["tunables"])
            error = arm.get("error") or failed.get(arm["arm"])
            if error:
                entry["error"] = error
            else:
                rs = raws[arm["arm"]]
                entry.update(
                    peakRssMiB=spread([x["peak_kib"] / 1024 for x in rs]),
                    retainedMiB=spread([x["retained_kib"] / 1024 for x in rs]),
                    releasedMiB=spread([x["released_kib"] / 1024 for x in rs]),
                    callNs=spread([x["call_ns"] for x in rs]),
                    allocNs=spread([x["alloc_ns"] for x in rs]),
                    arenas=spread([x["arenas"] for x in rs]) if arm["allocator"] == "glibc" else None,
                )
            out_arms.append(entry)
        sc = dict(id=sid, talkRow=talk_row, rankBy=rank_by, workload=describe(workload), arms=out_arms)
        scenarios.append(sc)
        partial("scenario-" + sid, sc)
    progress(total, total, "done")
    drv.finish({"repeats": repeats, "cpuCount": os.cpu_count() or 1, "glibcTunables": next((a["tunables"] for a in arms if a["arm"] == "glibc-tuned"), None),
                "scenarios": scenarios, "errors": errors})


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(json.loads(sys.argv[2]))
    else:
        main(run)
