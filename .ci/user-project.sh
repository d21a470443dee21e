#!/usr/bin/env bash
# A Java team's first hour, from README "Use rdw in your project" itself (its fenced blocks, not copies of them):
#  1. its install command, with the local repository redirected to a throw-away one chained to ~/.m2/repository
#     (read-only), so CI never writes rdw's artifacts into the machine's own repository;
#  2. a new Maven project whose pom.xml holds exactly its XML block, and whose source is exactly its Java program;
#  3. that project built and run on a small CSV: its output is checked, and SLF4J must have found its provider;
#  4. the self-contained jar, through its README lines (java -jar ... --help, jshell --class-path ...).
# Also checks that rdw-bom lists every module that install publishes, at the project's version.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$PWD"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "user-project: $*" >&2; exit 1; }

# The lines of README's section, and the n-th fenced block of a language in it.
section() { awk '$0 == "## Use rdw in your project" { s = 1; next } s && /^## / { exit } s' README.md; }
block() {
  # reads to the end (no early exit), so that nothing upstream in a pipeline dies of SIGPIPE under pipefail
  section | awk -v lang="$1" -v n="${2:-1}" '
    done { next }
    /^```/ { if (inb) { done = 1; next } if (skip) { skip = 0; next }
             if ($0 == "```" lang && ++k == n) { inb = 1; next }
             skip = 1; next }
    inb { print }'
}
uncomment() { sed 's/[[:space:]]*#.*$//'; }

version="$(sed -n 's|^  <version>\(.*\)</version>$|\1|p' pom.xml | sed -n 1p)"
[ -n "$version" ] || fail "no version in pom.xml"

echo "-- rdw-bom lists every published module at $version"
for module in $(sed -n 's|^ *<module>\(.*\)</module>$|\1|p' pom.xml); do
  [ "$module" = rdw-bom ] && continue
  if grep -q '<maven.install.skip>true</maven.install.skip>' "$module/pom.xml"; then continue; fi
  grep -q "<artifactId>$module</artifactId><version>$version</version>" rdw-bom/pom.xml \
    || fail "rdw-bom/pom.xml does not list $module at $version"
done
grep -q "<artifactId>rdw-bom</artifactId>" <(block xml) || fail "README's XML block does not import rdw-bom"
grep -q "<version>$version</version>" <(block xml) || fail "README's XML block does not name version $version"

echo "-- README's install command"
install_cmd="$(block bash 1 | sed -n 1p | uncomment)"
case "$install_cmd" in ./mvnw\ *install*) ;; *) fail "README's first command is not a ./mvnw install: '$install_cmd'" ;; esac
read -r -a install_argv <<<"$install_cmd"
repo="$work/repo"
echo "+ $install_cmd (local repository $repo, then ~/.m2/repository read-only)"
"${install_argv[@]}" -B -q -Dmaven.repo.local="$repo" -Dmaven.repo.local.tail="$HOME/.m2/repository"
[ -f "$repo/io/redback/rdw/rdw-bom/$version/rdw-bom-$version.pom" ] || fail "install left no rdw-bom in $repo"

echo "-- a new project from README's XML block and Java program"
app="$work/app"
mkdir -p "$app/src/main/java"
block java >"$app/src/main/java/RidesApp.java"
grep -q '^public class RidesApp' "$app/src/main/java/RidesApp.java" || fail "README's Java block is not class RidesApp"
# the build plugins at the versions rdw's own build uses, so nothing new is downloaded
plugin_version() { awk -v a="<artifactId>$1</artifactId>" 'index($0, a) { f = 1 } f && match($0, /<version>[^<]*</) {
  print substr($0, RSTART + 9, RLENGTH - 10); exit }' pom.xml; }
{
  cat <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId>
  <artifactId>rides-app</artifactId>
  <version>1.0</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
POM
  block xml
  echo "  <build><pluginManagement><plugins>"
  for p in maven-clean-plugin maven-resources-plugin maven-compiler-plugin maven-surefire-plugin maven-jar-plugin \
           maven-install-plugin maven-dependency-plugin; do
    v="$(plugin_version "$p")"
    [ -n "$v" ] || fail "no version of $p in pom.xml"
    echo "    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>$p</artifactId><version>$v</version></plugin>"
  done
  echo "  </plugins></pluginManagement></build>"
  echo "</project>"
} >"$app/pom.xml"
(cd "$app" && "$root/mvnw" -B -q -Dmaven.repo.local="$repo" -Dmaven.repo.local.tail="$HOME/.m2/repository" \
  package dependency:build-classpath -Dmdep.outputFile=classpath.txt) || fail "the new project did not build"

printf '%s\n' 'Ride ID,Device Type,Speed km/h,Heart Rate,Empty' '1,garmin,12.5,120,' '2,wahoo,30.0,NA,' \
  '2,wahoo,30.0,NA,' '3,garmin,21.0,131,' '4,,,,' >"$work/rides.csv"
: >"$work/empty.properties"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
echo "+ java -cp target/classes:... RidesApp rides.csv (a fresh warehouse folder, no other configuration)"
set +e
(cd "$work" && env -i PATH="$PATH" HOME="$HOME" ${JAVA_HOME:+JAVA_HOME="$JAVA_HOME"} \
  RDW_WAREHOUSE="$work/wh" RDW_CONFIG="$work/empty.properties" \
  "$java" -cp "$app/target/classes:$(cat "$app/classpath.txt")" RidesApp rides.csv) >"$work/out.txt" 2>&1
rc=$?
set -e
cat "$work/out.txt"
[ "$rc" -eq 0 ] || fail "RidesApp exited $rc"
expect() { grep -qE "$1" "$work/out.txt" || fail "RidesApp's output has no line matching: $1"; }
expect '^bronze: project1/[0-9]{4}/t1_rides/rides_[0-9]{8}T[0-9]{9}Z\.csv$'
expect '^silver: project1/[0-9]{4}/t1_rides/rides_[0-9]{8}T[0-9]{9}Z_processed\.parquet$'
expect '^garmin: 2$'
expect '^wahoo: 1$'
expect '^provenance: file:uploaded bronze:project1/'
expect '^provenance: object:derived silver:project1/'
if grep -n 'SLF4J' "$work/out.txt"; then fail "SLF4J complained (above): the README's binding is not in effect"; fi
[ -n "$(find "$work/wh/dw-bucket-silver/project1" -name '*_processed.parquet')" ] || fail "no silver object in $work/wh"

echo "-- the self-contained jar, as README shows it"
jar="rdw-cli/target/rdw-$version-all.jar"
[ -f "$jar" ] || fail "no $jar"
grep -qF "$jar" <(section) || fail "README does not name $jar"
jar_cmd="$(block bash 2 | grep '^java -jar' | uncomment)"
jshell_cmd="$(block bash 2 | grep '^jshell ' | uncomment)"
[ -n "$jar_cmd" ] && [ -n "$jshell_cmd" ] || fail "README shows no 'java -jar' and 'jshell' lines for the jar"
read -r -a argv <<<"$jar_cmd"
"${argv[@]}" >"$work/help.txt" 2>&1 || fail "'$jar_cmd' failed: $(cat "$work/help.txt")"
grep -q "quickstart" "$work/help.txt" || fail "'$jar_cmd' printed no command list"
read -r -a argv <<<"$jshell_cmd"
[ -z "${JAVA_HOME:-}" ] || argv[0]="$JAVA_HOME/bin/jshell"
printf '%s\n' 'import io.redback.rdw.*;' \
  'System.out.println("rdw " + WarehouseClient.version() + " refuses " + Warehouse.check("DROP TABLE x").kind());' \
  '/exit' >"$work/snippet.jsh"
env -i PATH="$PATH" HOME="$HOME" RDW_WAREHOUSE="$work/wh" RDW_CONFIG="$work/empty.properties" \
  "${argv[@]}" -q <"$work/snippet.jsh" >"$work/jshell.txt" 2>&1 || true
grep -q "rdw $version refuses DROP TABLE" "$work/jshell.txt" || fail "'$jshell_cmd' did not run rdw: $(cat "$work/jshell.txt")"
echo "user-project: passed"
