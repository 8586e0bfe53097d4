# netdiag guest collector, run by Cloud Assistant (RunCommand) on a Linux instance.
# Python 2.7 and 3.6+ with the standard library only. It gathers what `netdiag agent collect`
# writes into os/<instance-id>/ (docs/guest-os.md) and prints it on stdout as lines:
#   NETDIAG-GUEST-1 SYSTEM <system.json as one JSON line>
#   NETDIAG-GUEST-1 FILE <file name> <base64 of the tool's exact output>
#   NETDIAG-GUEST-1 END
# System facts come first and each file is one line, so output the agent truncates still
# yields system.json and every file that came whole; END tells the reader nothing was cut.
import base64
import json
import os
import platform
import subprocess
import sys
import threading
import time

MARK = "NETDIAG-GUEST-1"
TIMEOUT = 30

# (collected key, file name, executable, argument lists tried until one succeeds).
# iproute2 before 4.13 (CentOS 7) has no `ss -H`: the reader skips the header line.
TOOLS = [
    ("iptables", "iptables-save.txt", "iptables-save", [[]]),
    ("ip6tables", "ip6tables-save.txt", "ip6tables-save", [[]]),
    ("nft", "nft.json", "nft", [["-j", "list", "ruleset"]]),
    ("ss", "ss.txt", "ss", [["-lntupH"], ["-lntup"]]),
    ("interfaces", "interfaces.json", "ip", [["-j", "addr", "show"]]),
]

SBIN = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]


def locate(name):
    """The executable's path on PATH or the sbin folders a non-login shell may lack, or None."""
    seen = []
    for folder in os.environ.get("PATH", "").split(":") + SBIN:
        if folder and folder not in seen:
            seen.append(folder)
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
                return candidate
    return None


def run_tool(executable, arguments):
    """(exit status or None on timeout, stdout bytes, stderr text)."""
    env = dict(os.environ)
    env["LC_ALL"] = "C"
    process = subprocess.Popen([executable] + arguments, stdin=open(os.devnull, "rb"),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    timer = threading.Timer(TIMEOUT, process.kill)
    timer.start()
    try:
        out, err = process.communicate()
    finally:
        expired = not timer.is_alive()
        timer.cancel()
    if expired:
        return None, out, ""
    return process.returncode, out, err.decode("utf-8", "replace")


def read_text(path):
    try:
        with open(path, "rb") as handle:
            return handle.read().decode("utf-8", "replace")
    except (IOError, OSError):
        return None


def os_release():
    for path in ("/etc/os-release", "/usr/lib/os-release"):
        text = read_text(path)
        if text is None:
            continue
        values = {}
        for line in text.splitlines():
            if "=" in line:
                key, value = line.split("=", 1)
                if len(value) >= 2 and value[0] in "\"'" and value[-1] == value[0]:
                    value = value[1:-1]
                values[key] = value
        return values.get("ID", ""), values.get("VERSION_ID", "")
    return "", ""


def rounded(value):
    return round(value * 10) / 10.0


def cpu_percent():
    text = read_text("/proc/loadavg")
    try:
        cores = os.sysconf("SC_NPROCESSORS_ONLN") or 1
        return rounded(float(text.split()[0]) / max(1, cores) * 100)
    except (AttributeError, ValueError, IndexError, OSError):
        return None


def memory_percent():
    text = read_text("/proc/meminfo") or ""
    kb = {}
    for line in text.splitlines():
        words = line.replace(":", " ").split()
        if len(words) >= 2:
            try:
                kb[words[0]] = float(words[1])
            except ValueError:
                pass
    total, available = kb.get("MemTotal"), kb.get("MemAvailable")
    if not total or available is None:
        return None
    return rounded((total - available) / total * 100)


def disk_percent(path="/"):
    try:
        info = os.statvfs(path)
    except OSError:
        return None
    used = float(info.f_blocks - info.f_bfree)
    available = float(info.f_bavail)
    if used + available <= 0:
        return None
    return rounded(used / (used + available) * 100)


def system_facts():
    """system.json's fields but `collected` and `collectedAt`. The agent running this script is
    Cloud Assistant, so it is installed; the Python is the one running the script."""
    distribution, version = os_release()
    facts = {
        "osType": "linux", "distribution": distribution, "version": version, "arch": platform.machine(),
        "python": "%d.%d.%d" % sys.version_info[:3], "cloudAssistant": True,
        "cpuPercent": cpu_percent(), "memoryPercent": memory_percent(), "diskPercent": disk_percent(),
    }
    return dict((k, v) for k, v in facts.items() if v is not None)


def first_line(stderr, status):
    for line in stderr.splitlines():
        if line.strip():
            return line.rstrip()
    return "exit status %d" % status


def collect():
    """(collected statuses, {file name: bytes})."""
    collected, files = {}, {}
    for key, name, tool, alternatives in TOOLS:
        executable = locate(tool)
        if executable is None:
            collected[key] = "missing"
            continue
        status = None
        for arguments in alternatives:
            try:
                code, out, err = run_tool(executable, arguments)
            except (OSError, ValueError) as error:
                status = status or "failed: %s" % error
                continue
            if code is None:
                status = status or "failed: timed out after %ds" % TIMEOUT
            elif code != 0:
                status = status or "failed: " + first_line(err, code)
            else:
                files[name] = out
                status = "ok"
                break
        collected[key] = status
    return collected, files


def main():
    collected, files = collect()
    system = system_facts()
    system["collected"] = collected
    system["collectedAt"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    write = sys.stdout.write
    write("%s SYSTEM %s\n" % (MARK, json.dumps(system, sort_keys=True)))
    for name in sorted(files):
        write("%s FILE %s %s\n" % (MARK, name, base64.b64encode(files[name]).decode("ascii")))
    write("%s END\n" % MARK)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
