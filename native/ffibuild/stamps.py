"""Stamps: a step reruns only when its key (inputs + command) changed."""

import hashlib
import json
import os


class Stamps:
    def __init__(self, build_dir):
        self.dir = os.path.join(build_dir, "stamps")
        os.makedirs(self.dir, exist_ok=True)

    @staticmethod
    def key(parts, files=()):
        h = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode())
        for path in sorted(files):
            h.update(path.encode() + b"\0")
            with open(path, "rb") as f:
                h.update(hashlib.sha256(f.read()).digest())
        return h.hexdigest()

    def fresh(self, name, key, outputs):
        try:
            with open(os.path.join(self.dir, name)) as f:
                if f.read() != key:
                    return False
        except OSError:
            return False
        return all(os.path.exists(o) for o in outputs)

    def record(self, name, key):
        with open(os.path.join(self.dir, name), "w") as f:
            f.write(key)

    def forget(self, name):
        try:
            os.unlink(os.path.join(self.dir, name))
        except OSError:
            pass


def tree_files(root, skip=("target", "__pycache__")):
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in skip and not d.startswith(".")]
        out.extend(os.path.join(dirpath, f) for f in filenames)
    return out
