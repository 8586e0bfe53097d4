#!/usr/bin/env bash
# The main job on the bundled example region: select it as the workspace's inventory, then
# create (first run) or re-diagnose (later runs) a few paths in the default store
# (NETDIAG_STORE, else ~/.netdiag/netdiag.sqlite), and list them with their latest results.
set -euo pipefail
cd "$(dirname "$0")/.."
netdiag() { "${NETDIAG:-.build/debug/netdiag}" "$@"; }

netdiag inventory use examples/region

# name            source     destination  protocol  port
paths=(
  "internet-to-web1 8.8.8.8   i-web1       tcp       https"
  "web2-to-app1     i-web2    i-app1       tcp       8080"
  "app1-to-db1      i-app1    i-db1        tcp       mysql"
  "bastion-to-win1  i-bastion i-win1       tcp       rdp"
  "dev1-to-internet i-dev1    8.8.8.8      tcp       https"
)

for line in "${paths[@]}"; do
  read -r name source destination protocol port <<<"$line"
  echo
  echo "=== $name: $source -> $destination $protocol/$port"
  id=$(netdiag path list | awk -v n="$name" '$2 == n { print $1 }')
  if [ -n "$id" ]; then
    netdiag path diagnose "$id" --yes || true          # exit 1 means Unconnectable: a result, not a failure
  else
    netdiag path create --name "$name" --source "$source" --destination "$destination" \
      --protocol "$protocol" --port "$port"
  fi
done

echo
netdiag path list
