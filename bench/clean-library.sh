# Sourced by clean-vs-pandas.sh and clean-profile.sh (which set here, out, bench and fail): builds rdw-etl's test
# classes, makes the 10,000-row warm-up file, and writes "$out/lib", the library benchmark as one command:
#   "$out/lib" clean|prep INPUT OUTPUT [--profile]
# (CleanBenchmark: a JVM that cleans the warm-up file, then times INPUT; a file, so /usr/bin/time can run it).
(cd "$here" && "$here/mvnw" -q -B -o -DskipTests -pl rdw-etl -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$out/classpath.txt" > "$out/build.log" 2>&1) \
  || (cd "$here" && "$here/mvnw" -q -B -DskipTests -pl rdw-etl -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$out/classpath.txt" > "$out/build.log" 2>&1) \
  || { tail -30 "$out/build.log" >&2; fail "the library benchmark does not build (log: $out/build.log)"; }
[ -s "$out/warmup.csv" ] || python3 "$bench/gen_dataset.py" 10000 "$out/warmup.csv" > /dev/null || fail "gen_dataset.py failed"
cat > "$out/lib" <<LIB
#!/usr/bin/env bash
# clean|prep INPUT OUTPUT [--profile]: the library benchmark (written by bench/clean-library.sh)
exec java ${RDW_JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \\
  -cp "$here/rdw-etl/target/test-classes:$here/rdw-etl/target/classes:$(cat "$out/classpath.txt")" \\
  io.redback.rdw.etl.bench.CleanBenchmark "\$1" "\$2" "\$3" --warmup "$out/warmup.csv" "\${@:4}"
LIB
chmod +x "$out/lib"
