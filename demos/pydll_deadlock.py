"""PyDLL can deadlock: a C call made through ctypes.PyDLL keeps the GIL, so if that call waits for
something only another Python thread can do, neither ever goes on.

Each trial is a CHILD process of this interpreter (same environment: a `-gil-on` runtime's
PYTHON_GIL=1 included), so a deadlock never hangs the driver or the server. The child makes a pipe
and starts a Python thread that waits until the main thread is about to call, sleeps `WRITER_DELAY_S`
(so the main thread is inside the call by then) and writes one byte into the pipe. The main thread
calls libc's read() on the pipe through the loader: through CDLL the GIL is released during the call,
the writer runs and read() returns; through PyDLL on a build with the GIL on, the writer can never
take the GIL back after its sleep: the child hangs until the driver kills it `timeout_ms` after the
call began. On a free-threaded build (GIL off) there is no GIL to keep and both complete.

Per repeat both loaders run, the order alternating (driver.alternate).
"""

import json
import os
import subprocess
import sys
import time

from driver import Driver, alternate, die_with_parent, main, partial, progress

# How long the writer waits before writing, once the main thread says it is about to call read().
WRITER_DELAY_S = 0.2
# How long the child may take to start and reach the call (interpreter start-up on a busy machine).
STARTUP_TIMEOUT_S = 60


def child(loader):
    """Child process: prints "calling" just before read(), then one JSON line when read() returned."""
    die_with_parent()
    import ctypes
    import threading

    from driver import gil_enabled, libc

    lib = libc(loader)
    r, w = os.pipe()
    about_to_call = threading.Event()

    def writer():
        about_to_call.wait()
        time.sleep(WRITER_DELAY_S)
        os.write(w, b"x")

    t = threading.Thread(target=writer, daemon=True)
    t.start()
    buf = ctypes.create_string_buffer(1)
    sys.stdout.write("calling\n")
    sys.stdout.flush()
    about_to_call.set()
    t0 = time.perf_counter()
    n = lib.read(r, buf, 1)
    seconds = time.perf_counter() - t0
    t.join()
    print(json.dumps({"bytes": n, "seconds": seconds, "gil": gil_enabled(), "data": buf.raw[:1].decode()}), flush=True)


def trial(loader, timeout_s):
    """One child: 'completed' (with the call's seconds) or 'deadlocked' (killed timeout_s after the call began)."""
    proc = subprocess.Popen(
        [sys.executable, os.path.abspath(__file__), "--child", loader],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        started = time.monotonic()
        line = proc.stdout.readline()  # the child's "calling": start-up is not part of the wait
        if line.strip() != "calling":
            proc.kill()
            _, err = proc.communicate()
            raise RuntimeError("%s child did not reach the call: %s" % (loader, (err or line).strip()[-300:]))
        if time.monotonic() - started > STARTUP_TIMEOUT_S:
            raise RuntimeError("%s child took more than %d s to start" % (loader, STARTUP_TIMEOUT_S))
        try:
            out, err = proc.communicate(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            return {"outcome": "deadlocked", "seconds": None, "waitedS": timeout_s}
        if proc.returncode != 0:
            raise RuntimeError("%s child exited %d: %s" % (loader, proc.returncode, err.strip()[-300:]))
        got = json.loads(out.strip().splitlines()[-1])
        if got["bytes"] != 1 or got["data"] != "x":
            raise RuntimeError("%s child read %r" % (loader, got))
        return {"outcome": "completed", "seconds": got["seconds"], "waitedS": got["seconds"]}
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def run():
    drv = Driver("pydll-deadlock")
    from driver import gil_enabled, libc

    libc("pydll")  # what every child loads: the GIL state in meta is after it
    drv.meta()
    p = drv.params
    timeout_s, repeats = p["timeout_ms"] / 1000, p["repeats"]
    outcomes = {"cdll": [], "pydll": []}
    runs = []
    for r, order in alternate(("cdll", "pydll"), repeats):
        piece = {"repeat": r + 1, "order": list(order)}
        for i, loader in enumerate(order):
            progress(r * 2 + i, repeats * 2, "repeat %d/%d: read() on a pipe through %s" % (r + 1, repeats, loader))
            piece[loader] = trial(loader, timeout_s)
            outcomes[loader].append(piece[loader]["outcome"])
        runs.append(piece)
        partial("repeat-%d" % (r + 1), piece)
    progress(repeats * 2, repeats * 2, "done")

    def summary(loader):
        return {"completed": outcomes[loader].count("completed"), "deadlocked": outcomes[loader].count("deadlocked")}

    drv.finish(
        {
            "timeout_ms": p["timeout_ms"],
            "repeats": repeats,
            "writer_delay_s": WRITER_DELAY_S,
            "gil_enabled": gil_enabled(),
            "cdll": summary("cdll"),
            "pydll": summary("pydll"),
            "runs": runs,
        }
    )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        main(run)
