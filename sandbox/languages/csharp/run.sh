#!/bin/sh
# Runs the learner's program under Mono; $1 is the run's memory limit in MB, the rest its arguments.
# The GC collects eagerly once the heap passes three quarters of the limit, so a program whose
# live data fits keeps under it; one whose data does not fit goes over and is judged for memory.
# No optimisation that would cost a stack trace its lines: inlining folds a method's frame into its
# caller's, and branch optimisation moves a `throw` to the method's closing brace.
limit=$1
shift
MONO_GC_PARAMS="soft-heap-limit=$((limit * 3 / 4))m" exec mono --debug -O=-inline,-branch .build/main.exe "$@"
