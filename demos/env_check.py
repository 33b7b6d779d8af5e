"""Is this a pinned, quiet benchmark machine? The talk's machine: isolcpus=2-7 nohz_full=2-7
rcu_nocbs=2-7, a fixed 2.5 GHz clock, turbo boost, SMT and ASLR off, runs under
`numactl --physcpubind=0-7 --membind=0`, huge pages.

Reads /proc and /sys only (any Python runs it, no runtime needed). Each check: what was found, a
verdict (ok: as a benchmark machine should be; warn: adds noise or drift to the numbers; info: not
decisive or not visible from here) and a one-line fix.
"""

import os
import platform
import re
import shutil
import subprocess

from driver import Driver, main, partial, progress, read_text as read

CPU = "/sys/devices/system/cpu"


def cpu_list(text):
    """"2-7,9" -> [2, 3, 4, 5, 6, 7, 9]; "" or None -> []."""
    cpus = []
    for part in (text or "").split(","):
        part = part.strip()
        if not part:
            continue
        lo, _, hi = part.partition("-")
        if lo.isdigit() and (not hi or hi.isdigit()):
            cpus.extend(range(int(lo), int(hi or lo) + 1))
    return cpus


def cmdline_value(cmdline, key):
    """The value of key=... on the kernel command line (isolcpus may carry flags: "domain,2-7")."""
    m = re.search(r"(?:^|\s)%s=(\S+)" % re.escape(key), cmdline)
    return m.group(1) if m else None


def check(id_, name, value, verdict, fix=None, talk=None):
    return {"id": id_, "name": name, "value": value, "verdict": verdict, "fix": fix, "talk": talk}


def isolation_checks(cmdline, affinity):
    out = []
    iso_sys = cpu_list(read(CPU + "/isolated"))
    iso_cmd = cmdline_value(cmdline, "isolcpus")
    iso = iso_sys or cpu_list(iso_cmd)  # flags such as "domain,managed_irq," are skipped
    if not iso:
        out.append(check("isolcpus", "isolated CPUs", "none", "warn",
                         "add isolcpus=<cpus> to the kernel command line (GRUB_CMDLINE_LINUX), then pin runs to them with --cpus",
                         "isolcpus=2-7"))
    elif not set(affinity) <= set(iso):
        out.append(check("isolcpus", "isolated CPUs", "%s (this process runs on %s)" % (fmt(iso), fmt(affinity)), "warn",
                         "pin the runs to the isolated CPUs: --cpus %s (or cpus in ffi-corners.config.json)" % fmt(iso),
                         "isolcpus=2-7"))
    else:
        out.append(check("isolcpus", "isolated CPUs", "%s, this process pinned to %s" % (fmt(iso), fmt(affinity)), "ok", None, "isolcpus=2-7"))
    for key, name, fix, talk in (
        ("nohz_full", "tickless CPUs", "add nohz_full=<isolated cpus> to the kernel command line: no timer tick on them", "nohz_full=2-7"),
        ("rcu_nocbs", "RCU callbacks offloaded", "add rcu_nocbs=<isolated cpus> to the kernel command line: RCU work moves off them", "rcu_nocbs=2-7"),
    ):
        val = cmdline_value(cmdline, key)
        if key == "nohz_full" and not val:
            val = read(CPU + "/nohz_full") or None
            val = None if val in (None, "(null)") else val
        out.append(check(key, name, val or "not set", "ok" if val else "warn", None if val else fix, talk))
    return out


def fmt(cpus):
    """[0, 1, 2, 5] -> "0-2,5" """
    parts, start = [], None
    cpus = sorted(cpus)
    for i, c in enumerate(cpus):
        if start is None:
            start = c
        if i + 1 == len(cpus) or cpus[i + 1] != c + 1:
            parts.append(str(start) if start == c else "%d-%d" % (start, c))
            start = None
    return ",".join(parts)


def frequency_checks(affinity):
    out = []
    govs = {c: read("%s/cpu%d/cpufreq/scaling_governor" % (CPU, c)) for c in affinity}
    known = {c: g for c, g in govs.items() if g}
    if not known:
        out.append(check("governor", "CPU frequency governor", "no cpufreq (frequency set by firmware or the hypervisor)", "info",
                         "on bare metal: sudo cpupower frequency-set -g performance", "performance"))
    else:
        distinct = sorted(set(known.values()))
        ok = distinct == ["performance"]
        out.append(check("governor", "CPU frequency governor", ", ".join(distinct), "ok" if ok else "warn",
                         None if ok else "sudo cpupower frequency-set -g performance", "performance"))
    lo = {c: read("%s/cpu%d/cpufreq/scaling_min_freq" % (CPU, c)) for c in affinity}
    hi = {c: read("%s/cpu%d/cpufreq/scaling_max_freq" % (CPU, c)) for c in affinity}
    pairs = [(int(lo[c]), int(hi[c])) for c in affinity if lo[c] and hi[c] and lo[c].isdigit() and hi[c].isdigit()]
    talk = "fixed 2.5 GHz"
    if not pairs:
        out.append(check("frequency", "CPU clock", "not visible (no cpufreq)", "info",
                         "on bare metal: sudo cpupower frequency-set -d 2.5GHz -u 2.5GHz (min = max)", talk))
    elif all(a == b for a, b in pairs) and len(set(pairs)) == 1:
        out.append(check("frequency", "CPU clock", "fixed %.2f GHz" % (pairs[0][0] / 1e6), "ok", None, talk))
    else:
        rng = "%.2f-%.2f GHz" % (min(a for a, _ in pairs) / 1e6, max(b for _, b in pairs) / 1e6)
        out.append(check("frequency", "CPU clock", "scales %s" % rng, "warn",
                         "fix it: sudo cpupower frequency-set -d <f> -u <f> (min = max, below the base clock)", talk))
    no_turbo = read(CPU + "/intel_pstate/no_turbo")
    boost = read(CPU + "/cpufreq/boost")
    if no_turbo is not None:
        off = no_turbo == "1"
        out.append(check("turbo", "turbo boost", "off (intel_pstate/no_turbo=1)" if off else "on (intel_pstate/no_turbo=0)",
                         "ok" if off else "warn", None if off else "echo 1 | sudo tee %s/intel_pstate/no_turbo" % CPU, "off"))
    elif boost is not None:
        off = boost == "0"
        out.append(check("turbo", "turbo boost", "off (cpufreq/boost=0)" if off else "on (cpufreq/boost=%s)" % boost,
                         "ok" if off else "warn", None if off else "echo 0 | sudo tee %s/cpufreq/boost" % CPU, "off"))
    else:
        out.append(check("turbo", "turbo boost", "not visible (no intel_pstate/no_turbo or cpufreq/boost)", "info",
                         "on bare metal: disable turbo in the firmware, or echo 1 > %s/intel_pstate/no_turbo" % CPU, "off"))
    return out


def system_checks(cpus):
    out = []
    active, control = read(CPU + "/smt/active"), read(CPU + "/smt/control")
    if active is None:
        out.append(check("smt", "SMT / Hyper-Threading", "not visible", "info", "echo off | sudo tee %s/smt/control" % CPU, "off"))
    elif active == "1":
        out.append(check("smt", "SMT / Hyper-Threading", "on (control=%s)" % control, "warn",
                         "echo off | sudo tee %s/smt/control (or nosmt on the kernel command line)" % CPU, "off"))
    else:
        out.append(check("smt", "SMT / Hyper-Threading", "off (control=%s)" % control, "ok", None, "off"))

    aslr = read("/proc/sys/kernel/randomize_va_space")
    if aslr is None:
        out.append(check("aslr", "ASLR", "not visible", "info", "sudo sysctl -w kernel.randomize_va_space=0", "off"))
    else:
        off = aslr == "0"
        out.append(check("aslr", "ASLR", "off (randomize_va_space=0)" if off else "on (randomize_va_space=%s)" % aslr,
                         "ok" if off else "warn", None if off else "sudo sysctl -w kernel.randomize_va_space=0 (or run under setarch -R)", "off"))

    thp = read("/sys/kernel/mm/transparent_hugepage/enabled")
    mode = re.search(r"\[(\w+)\]", thp or "")
    out.append(check("thp", "transparent huge pages", mode.group(1) if mode else "not visible", "info",
                     "state it with the results; to pin it: echo madvise | sudo tee /sys/kernel/mm/transparent_hugepage/enabled",
                     "huge pages"))
    meminfo = read("/proc/meminfo") or ""
    total = re.search(r"HugePages_Total:\s+(\d+)", meminfo)
    size = re.search(r"Hugepagesize:\s+(\d+) kB", meminfo)
    n = int(total.group(1)) if total else 0
    out.append(check("hugepages", "reserved huge pages", "%d x %s kB" % (n, size.group(1) if size else "?"),
                     "ok" if n else "info", None if n else "reserve some: sudo sysctl -w vm.nr_hugepages=<n> (the talk: 128k)", "huge pages 128k"))

    load1 = os.getloadavg()[0]
    quiet = load1 < 0.5
    out.append(check("load", "load average (1 min)", "%.2f on %d CPUs" % (load1, cpus), "ok" if quiet else "warn",
                     None if quiet else "stop other work (builds, browsers, indexers) and wait until the 1-minute load is below 0.5", "idle"))

    model = None
    hypervisor = False
    for line in (read("/proc/cpuinfo") or "").splitlines():
        if line.startswith("model name") and model is None:
            model = line.split(":", 1)[1].strip()
        if line.startswith("flags") and " hypervisor" in line:
            hypervisor = True
    out.append(check("cpu", "CPU model", "%s, %d CPUs, %s %s" % (model or platform.processor() or "unknown", cpus, platform.system(), platform.release()),
                     "info", None, "i5-13500 (2.5 GHz locked), Linux 6.15.9"))
    out.append(check("virtualization", "hypervisor", "running under a hypervisor" if hypervisor else "bare metal (no hypervisor flag)",
                     "warn" if hypervisor else "ok",
                     "benchmark on bare metal, or give the VM dedicated, pinned vCPUs (steal time is noise)" if hypervisor else None,
                     "bare metal"))

    for tool, fix, talk in (
        ("numactl", "install numactl (apt install numactl): numactl --physcpubind=<cpus> --membind=0 pins CPU and memory", "numactl --physcpubind=0-7 --membind=0"),
        ("taskset", "install util-linux (taskset): pin with taskset -c <cpus>, or --cpus", "taskset"),
    ):
        path = shutil.which(tool)
        out.append(check(tool, "%s available" % tool, path or "not found", "ok" if path else "warn", None if path else fix, talk))
    return out


def perf_instructions():
    """Whether `perf stat -e instructions:u` counts here: (works, what was found). It needs perf, a
    hardware PMU the kernel can see (/sys/bus/event_source/devices/cpu; a VM whose hypervisor does
    not pass one through has none: the kernel logs "PMU not available due to virtualization"), and
    kernel.perf_event_paranoid <= 2 for a process's own user-space counts."""
    perf = shutil.which("perf")
    paranoid = read("/proc/sys/kernel/perf_event_paranoid")
    if not perf:
        return False, "perf not installed (sudo apt-get install linux-perf)"
    pmu = os.path.isdir("/sys/bus/event_source/devices/cpu") or os.path.isdir("/sys/bus/event_source/devices/cpu_core")
    try:
        out = subprocess.run([perf, "stat", "-x,", "-e", "instructions:u", "true"], capture_output=True, text=True, timeout=20)
        text = out.stderr.strip().splitlines()
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, "perf stat failed: %s" % exc
    line = next((ln for ln in text if "instructions" in ln), text[-1] if text else "")
    count = line.split(",", 1)[0]
    if out.returncode == 0 and count.isdigit():
        return True, "perf stat counts instructions (%s for `true`; perf_event_paranoid=%s)" % (count, paranoid)
    why = [] if pmu else ["no hardware PMU visible to the kernel (no /sys/bus/event_source/devices/cpu: a VM without PMU pass-through)"]
    if paranoid is not None and paranoid.lstrip("-").isdigit() and int(paranoid) > 2:
        why.append("kernel.perf_event_paranoid=%s (> 2 forbids it)" % paranoid)
    return False, "perf stat -e instructions: %s%s" % (count or line or "failed", "; " + "; ".join(why) if why else "")


def counter_checks():
    ok, found = perf_instructions()
    out = [check("perf", "hardware instruction counter (perf stat)", found, "ok" if ok else "info",
                 None if ok else "on bare metal or a VM with PMU pass-through, with kernel.perf_event_paranoid <= 2; "
                 "the `instructions` experiment counts under valgrind either way",
                 "perf record / perf report")]
    vg = shutil.which("valgrind")
    out.append(check("valgrind", "valgrind (instruction counts)", vg or "not found", "ok" if vg else "warn",
                     None if vg else "sudo apt-get install valgrind", None))
    return out


def run():
    drv = Driver("env-check")
    drv.meta()
    affinity = sorted(os.sched_getaffinity(0))
    cmdline = read("/proc/cmdline") or ""
    groups = (
        ("isolation", lambda: isolation_checks(cmdline, affinity)),
        ("frequency", lambda: frequency_checks(affinity)),
        ("system", lambda: system_checks(os.cpu_count() or 0)),
        ("counters", counter_checks),
    )
    checks = []
    for i, (name, fn) in enumerate(groups):
        progress(i, len(groups), name)
        for c in fn():
            checks.append(c)
            partial("check-" + c["id"], c)
    progress(len(groups), len(groups), "done")
    counts = {v: sum(1 for c in checks if c["verdict"] == v) for v in ("ok", "warn", "info")}
    drv.finish({"checks": checks, "counts": counts, "cmdline_flags": {k: cmdline_value(cmdline, k) for k in ("isolcpus", "nohz_full", "rcu_nocbs")}})


if __name__ == "__main__":
    main(run)
