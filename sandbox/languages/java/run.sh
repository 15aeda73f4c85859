#!/bin/sh
# Runs the class the compile script chose (.build/main-class); $1 is the heap size in MB, the rest
# the program's arguments.
heap=$1
shift
read -r main < .build/main-class
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xshare:auto -Xss64m "-Xmx${heap}m" -cp .build "$main" "$@"
