"""Runs the collector script read from stdin as if on the instance recorded in os/<id>/ (argv[1]).

The script's own code does the work — finding tools, trying argument lists, recording ok/missing,
encoding and printing — while its three contacts with the machine answer from the recording:
`locate` finds a tool only when the recording has its output, `run_tool` prints that output, and
`system_facts` returns the recorded OS, agent, Python and load figures.
"""
import json
import os
import sys
import types

folder = sys.argv[1]
collector = types.ModuleType("collect_guest")
exec(compile(sys.stdin.read(), "collect_guest.py", "exec"), collector.__dict__)

with open(os.path.join(folder, "system.json")) as handle:
    recorded = json.load(handle)
outputs = {}
for key, name, tool, _ in collector.TOOLS:
    path = os.path.join(folder, name)
    if recorded.get("collected", {}).get(key, "ok") == "ok" and os.path.isfile(path):
        outputs[tool] = path


def locate(name):
    return "/recorded/" + name if name in outputs else None


def run_tool(executable, arguments):
    with open(outputs[os.path.basename(executable)], "rb") as handle:
        return 0, handle.read(), ""


def system_facts():
    return dict((k, v) for k, v in recorded.items() if k not in ("collected", "collectedAt"))


collector.locate, collector.run_tool, collector.system_facts = locate, run_tool, system_facts
collector.main()
