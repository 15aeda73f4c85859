#!/bin/sh
# Builds the learner's C# files (the arguments) into .build/main.exe with Mono's mcs. The entry
# point is a `static void Main()` or `static int Main(string[] args)` in any class, as mcs finds it.
# mcs predates `static async Task Main` (C# 7.1): when it finds no entry point and the sources
# declare such a Main, it builds again with a small entry point that runs and awaits it.
set -u

# Function mode's harness is the entry point even when the learner's class has a Main of its own.
entry=
if grep -q -e '^static class CodegroundHarness$' -- "$@"; then entry=-main:CodegroundHarness; fi

build() {
  mcs -langversion:latest -optimize+ -debug -r:System.Numerics.dll -out:.build/main.exe $entry "$@"
}

output=$(build "$@" 2>&1)
status=$?
if [ "$status" -ne 0 ] && printf '%s\n' "$output" | grep -q 'error CS5001' &&
  grep -Eq -e 'Task(<int>)?[[:space:]]+Main[[:space:]]*\(' -- "$@"; then
  cp /opt/codeground/AsyncMain.cs .build/AsyncMain.cs
  # CS0028: the learner's async Main "has the wrong signature to be an entry point", as intended.
  build -nowarn:28 "$@" .build/AsyncMain.cs >&2
  exit $?
fi
if [ -n "$output" ]; then printf '%s\n' "$output" >&2; fi
exit "$status"
