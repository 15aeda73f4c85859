#!/bin/sh
# Builds the learner's Java files (the arguments, the main file first) into .build/, as teachers
# write Java: a file is renamed after its public top-level class (javac insists on it, and the
# learner cannot choose the name a pasted `public class HelloWorld` is sent under), and the class
# to run is any with a `static void main`, recorded in .build/main-class for the run script:
# the only one, else the public one (the main file's first), and never a guess between two.
set -u

info=$(awk -f /opt/codeground/java-sources.awk -- "$@") || exit 1

sources=
tab=$(printf '\t')
while IFS="$tab" read -r kind path public package; do
  [ "$kind" = file ] || continue
  if [ "$public" != - ] && [ "${path##*/}" != "$public.java" ]; then
    case $path in */*) target=${path%/*}/$public.java ;; *) target=$public.java ;; esac
    # Two files claiming one name: left to javac, whose message says which class belongs where.
    if [ ! -e "$target" ]; then mv -- "$path" "$target" && path=$target; fi
  fi
  sources="$sources $path"
done <<INFO
$info
INFO

# File names are letters, digits, '_', '-', '.' and '/' (the sandbox checks), so splitting is safe.
# shellcheck disable=SC2086
javac -J-XX:+UseSerialGC -J-XX:TieredStopAtLevel=1 -J-Xshare:auto -encoding UTF-8 -d .build $sources || exit 1

mains=$(printf '%s\n' "$info" | awk -F "$tab" '$1 == "main" { print $2 "\t" $3 }')
count=$(printf '%s\n' "$mains" | awk 'NF > 0' | wc -l)
if [ "$count" -eq 1 ]; then
  chosen=$(printf '%s\n' "$mains" | cut -f1)
elif [ "$count" -gt 1 ]; then
  chosen=$(printf '%s\n' "$mains" | awk -F "$tab" '$2 == 1 { print $1; exit }')
  if [ -z "$chosen" ]; then
    names=$(printf '%s\n' "$mains" | cut -f1 | paste -sd, - | sed 's/,/, /g')
    echo "Several classes have a main method ($names) and none of them is public, so it is unclear which one to run: make that class public (public class ...) or remove the other main methods." >&2
    exit 1
  fi
else
  # No main found: run the main file's public class (or the file's own name) and let java say
  # what is missing.
  chosen=$(printf '%s\n' "$info" | awk -F "$tab" '$1 == "file" { name = $3; if (name == "-") { name = $2; sub(/.*\//, "", name); sub(/\.java$/, "", name) } print ($4 == "-" ? "" : $4 ".") name; exit }')
fi
printf '%s\n' "$chosen" > .build/main-class
