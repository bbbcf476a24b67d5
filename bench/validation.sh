#!/usr/bin/env bash
# Times the contract check with JMH (src/test/java/io/infergate/contract/ValidationBenchmark.java) and prints the
# result table. Not part of ./mvnw verify. Arguments replace the benchmark selection, e.g. `bench/validation.sh checkCreate`
# or `bench/validation.sh -prof gc ValidationBenchmark`; `bench/validation.sh -h` lists the JMH options.
#   MVN_ARGS  extra Maven options, e.g. MVN_ARGS=-o to stay offline
#   JMH_ARGS  replaces the default run settings below
set -euo pipefail

cd "$(dirname "$0")/.."

# Formatting is not this script's business: skip the formatter and import sorter whichever profile is active.
mvn_quiet=(./mvnw -q -B ${MVN_ARGS:-} -Dformatter.skip=true -Dimpsort.skip=true)

echo "Compiling test classes (JMH's annotation processor generates the benchmarks)..." >&2
"${mvn_quiet[@]}" test-compile -DskipTests

if [[ ! -s target/test-classes/META-INF/BenchmarkList ]]; then
    echo "target/test-classes/META-INF/BenchmarkList is missing: jmh-generator-annprocess did not run." >&2
    echo "Is it a test-scoped dependency in pom.xml, and does the compiler still discover annotation processors?" >&2
    exit 1
fi

classpath_file=target/bench-classpath.txt
"${mvn_quiet[@]}" dependency:build-classpath -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test

# One fork, 3 x 2 s warm-up and 5 x 2 s measurement per benchmark: about 16 s each, so 3 minutes for
# ValidationBenchmark's three and its eight hostile bodies.
read -r -a jmh_settings <<< "${JMH_ARGS:--f 1 -wi 3 -w 2s -i 5 -r 2s}"

exec java -cp "target/test-classes:target/classes:$(cat "$classpath_file")" \
    org.openjdk.jmh.Main "${jmh_settings[@]}" "${@:-ValidationBenchmark}"
