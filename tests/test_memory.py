"""Process memory settings: applied by an explicit call, never by importing the package."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pyarrow as pa

from tradeviz import memory

CHILD = """
import json, pyarrow as pa
before = pa.default_memory_pool().backend_name
import tradeviz.store, tradeviz.ui.loading, tradeviz.ui.display, tradeviz.products_store
after_import = pa.default_memory_pool().backend_name
from tradeviz import memory
first, second = memory.tune_for_server(), memory.tune_for_server()
print(json.dumps([before, after_import, pa.default_memory_pool().backend_name, first, second]))
"""


def test_importing_the_package_changes_no_process_setting_and_the_call_does_once():
    env = {k: v for k, v in os.environ.items() if k not in ("ARROW_DEFAULT_MEMORY_POOL", "MALLOC_MMAP_THRESHOLD_")}
    out = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, timeout=120,
                         check=True)
    before, after_import, after_call, first, second = json.loads(out.stdout.strip().splitlines()[-1])
    assert before != "system"                # Arrow's own default (mimalloc or jemalloc)
    assert after_import == before            # importing store, ui or products_store changed nothing
    assert after_call == "system"            # the explicit call did
    assert (first, second) == (True, False)  # once per process


def test_an_allocator_named_in_the_environment_wins():
    env = {**os.environ, "ARROW_DEFAULT_MEMORY_POOL": "jemalloc"}
    env.pop("MALLOC_MMAP_THRESHOLD_", None)
    out = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, timeout=120,
                         check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1])[2] == "jemalloc"


def test_freed_memory_is_handed_back_to_the_system(monkeypatch):
    trimmed, released = [], []

    class Glibc:
        def malloc_trim(self, pad):
            trimmed.append(pad)

    class Pool:
        def release_unused(self):
            released.append(True)

    monkeypatch.setattr(memory, "_LIBC", Glibc())
    monkeypatch.setattr(pa, "default_memory_pool", Pool)
    memory.hand_back_freed_memory()
    assert trimmed == [0] and released == [True]   # every free page of every heap, and Arrow's pool
    # Without glibc only Arrow's pool is asked.
    monkeypatch.setattr(memory, "_LIBC", None)
    memory.hand_back_freed_memory()
    assert trimmed == [0] and released == [True, True]
