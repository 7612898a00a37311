#!/usr/bin/env bash
# Runs every scenario of the built-in library headless and checks its verdict.
# Usage: Tests/Scripts/run_library.sh FLIGHTDECK_BINARY
# A scenario listed in KNOWN_FAILURES is a known gap (said why below); it must still fail, so the
# list cannot go stale: when one starts passing, remove it here.
set -u
binary=${1:?usage: run_library.sh FLIGHTDECK_BINARY}
declare -A KNOWN_FAILURES=(
)
unexpected=0
for name in $("$binary" scenarios | awk '{print $1}'); do
    start=$(date +%s)
    output=$("$binary" run "$name" 2>&1)
    status=$?
    seconds=$(( $(date +%s) - start ))
    if [[ -n "${KNOWN_FAILURES[$name]:-}" ]]; then
        if [[ $status -eq 0 ]]; then
            echo "UNEXPECTED PASS  $name (${seconds}s): remove it from KNOWN_FAILURES"
            unexpected=1
        else
            echo "known failure    $name (${seconds}s): ${KNOWN_FAILURES[$name]}"
        fi
    elif [[ $status -eq 0 ]]; then
        echo "passed           $name (${seconds}s)"
    else
        echo "FAILED           $name (${seconds}s), exit $status:"
        echo "$output" | sed 's/^/    /'
        unexpected=1
    fi
done
exit $unexpected
