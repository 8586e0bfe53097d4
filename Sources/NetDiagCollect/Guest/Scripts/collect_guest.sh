#!/bin/sh
# netdiag guest collector for Cloud Assistant (RunShellScript): finds a Python and runs the
# collector below with it. Without any Python it still reports the OS, so the OS checks are
# skipped for the missing Python (GUEST_PYTHON_UNSUPPORTED) rather than for missing state.
for candidate in python3 python python2 /usr/libexec/platform-python; do
  if command -v "$candidate" >/dev/null 2>&1; then
    exec "$candidate" - <<'NETDIAG_PYTHON_EOF'
@@COLLECTOR@@
NETDIAG_PYTHON_EOF
  fi
done
id=""; version=""
for f in /etc/os-release /usr/lib/os-release; do
  if [ -r "$f" ]; then
    id=$(sed -n 's/^ID=["'\'']\{0,1\}\([^"'\'']*\).*/\1/p' "$f")
    version=$(sed -n 's/^VERSION_ID=["'\'']\{0,1\}\([^"'\'']*\).*/\1/p' "$f")
    break
  fi
done
arch=$(uname -m 2>/dev/null)
printf 'NETDIAG-GUEST-1 SYSTEM {"arch": "%s", "cloudAssistant": true, "collected": {}, "distribution": "%s", "osType": "linux", "version": "%s"}\n' "$arch" "$id" "$version"
echo "NETDIAG-GUEST-1 END"
