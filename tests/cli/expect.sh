#!/usr/bin/env bash
# expect.sh RC PATTERN COMMAND...: runs COMMAND, passes when it exits with RC
# and its output (stdout and stderr) contains PATTERN, a fixed string.
want_rc=$1 pattern=$2
shift 2
out=$("$@" 2>&1)
rc=$?
printf '%s\n' "$out"
if [[ $rc -ne $want_rc ]]; then
  echo "expect.sh: exit code $rc, wanted $want_rc" >&2
  exit 1
fi
if ! grep -qF -- "$pattern" <<<"$out"; then
  echo "expect.sh: output lacks '$pattern'" >&2
  exit 1
fi
