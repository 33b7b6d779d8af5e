"""Running tools: the build log, BuildError, and the one line that says why a tool failed."""

import collections
import os
import re
import shlex
import subprocess
import sys


def log(message):
    print("[build] " + message, file=sys.stderr, flush=True)


class BuildError(Exception):
    """A step failed; the message is the one-line reason."""


_NOISE = re.compile(
    r"ninja: build stopped|make(\[\d+\])?: \*\*\*|subprocess-exited-with-error|"
    r"error: command .* failed|error: could not compile|error: aborting due to|"
    r"collect2: error: ld returned|compilation terminated|^\s*note:|^\s*[│╰×]|"
    r"This error originates from a subprocess|maturin failed|"
    r"Failed to build installable wheels|^\s*Caused by:|^\s*\d* *\|"
)
_STRONG = re.compile(
    r":\d+(:\d+)?: (fatal )?error:|^\s*error(\[E\d+\])?: |/ld(\.\w+)?: |"
    r"undefined reference|CMake Error|^ERROR: |^\w*(Error|Exception): "
)
_WEAK = re.compile(r"error|failed|cannot|not found", re.I)
# A compiler's first diagnostic is its root cause (later ones often follow from it).
_DIAGNOSTIC = re.compile(r":\d+(:\d+)?: (fatal )?error:|^\s*error(\[E\d+\])?: ")


def error_line(lines):
    """The meaningful error line of a tool's output (one line): a compiler's
    first error diagnostic, else the last error line (pip, CMake, linker)."""
    lines = [line.rstrip() for line in lines]
    for line in lines:
        if _DIAGNOSTIC.search(line) and not _NOISE.search(line):
            return line.strip()[:400]
    for pattern in (_STRONG, _WEAK):
        for i in range(len(lines) - 1, -1, -1):
            line = lines[i]
            if line.strip() and pattern.search(line) and not _NOISE.search(line):
                text = line.strip()
                if text.startswith("CMake Error"):  # the reason is on the next line
                    for nxt in lines[i + 1:]:
                        if nxt.strip():
                            text += " " + nxt.strip()
                            break
                return text[:400]
    for line in reversed(lines):
        if line.strip():
            return line.strip()[:400]
    return ""


def run(cmd, cwd=None, env=None, check=True):
    """Runs cmd, streaming its output to stderr; returns (returncode, lines)."""
    log("$ " + " ".join(shlex.quote(str(c)) for c in cmd))
    try:
        proc = subprocess.Popen(
            [str(c) for c in cmd], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            universal_newlines=True, errors="replace",
        )
    except OSError as e:
        raise BuildError("cannot run %s: %s" % (cmd[0], e.strerror or e)) from None
    tail = collections.deque(maxlen=500)
    for line in proc.stdout:
        sys.stderr.write(line)
        tail.append(line.rstrip("\n"))
    sys.stderr.flush()
    rc = proc.wait()
    if rc != 0 and check:
        raise BuildError(error_line(tail) or "%s exited with status %d" % (os.path.basename(str(cmd[0])), rc))
    return rc, list(tail)


def pip(args, check=True):
    """Runs this interpreter's pip (the venv's)."""
    return run([sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"] + args,
               check=check)


def query(cmd, env=None):
    """Runs a quick command and returns its stripped stdout (BuildError on failure)."""
    try:
        out = subprocess.run(
            [str(c) for c in cmd], env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, universal_newlines=True, errors="replace", check=False,
        )
    except OSError as e:
        raise BuildError("cannot run %s: %s" % (cmd[0], e.strerror or e)) from None
    if out.returncode != 0:
        raise BuildError(error_line(out.stderr.splitlines()) or "%s failed" % cmd[0])
    return out.stdout.strip()


def py_query(code):
    return query([sys.executable, "-c", code])
