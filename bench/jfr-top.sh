#!/usr/bin/env bash
# Summarises the CPU samples of a JFR recording: top frames (self) and top io.rolegate frames anywhere on the stack
# (inclusive), as a share of all jdk.ExecutionSample events.   Usage: bench/jfr-top.sh FILE.jfr [lines=25]
set -euo pipefail
N=${2:-25}
jfr print --events jdk.ExecutionSample --stack-depth 64 "$1" | awk -v N="$N" '
  /jdk.ExecutionSample/ {inst=1; depth=0; delete seen; samples++; next}
  /stackTrace = \[/ {next}
  inst && /^[ \t]+[a-zA-Z_$][^ ]*\(.*line:/ {
    f=$1; sub(/\(.*$/, "", f)
    if (depth == 0) self[f]++
    depth++
    if (f ~ /^io\.rolegate\./ && !(f in seen)) {seen[f]=1; incl[f]++}
    next
  }
  END {
    printf "samples: %d\n-- top frames (self) --\n", samples
    for (f in self) printf "%6.2f%%  %s\n", 100*self[f]/samples, f | "sort -rn | head -" N
    close("sort -rn | head -" N)
    printf "-- io.rolegate frames (inclusive) --\n"
    for (f in incl) printf "%6.2f%%  %s\n", 100*incl[f]/samples, f | "sort -rn | head -" N
  }'
