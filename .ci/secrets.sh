#!/usr/bin/env bash
# Checks that no test secret (.ci/test-secrets.txt) leaks, for .ci/run:
#   .ci/secrets.sh sources     every secret the test sources configure is listed, and every listed one is still used
#   .ci/secrets.sh reports     the test reports exist (each module with tests has some) and contain no secret
#   .ci/secrets.sh log FILE    FILE (the CI's own log) contains no secret
# Exits 1 naming what is wrong.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
list=.ci/test-secrets.txt

secrets() { sed -e 's/[[:space:]]*$//' "$list" | grep -v -e '^#' -e '^$'; }

# Prints the files under the given paths that contain a listed secret (letter case ignored), with the secret.
leaks() {
  local found=0 s files
  while IFS= read -r s; do
    files="$(grep -rliF -- "$s" "$@" 2>/dev/null || true)"
    if [ -n "$files" ]; then
      found=1
      printf '%s\n' "$files" | sed "s|^|  test secret '$s' in |"
    fi
  done < <(secrets)
  return "$found"
}

# Test sources: each module's src/test, and the published test kit.
test_sources() { find . -path ./.git -prune -o -path '*/target' -prune -o -type f -name '*.java' \
  \( -path '*/src/test/*' -o -path './rdw-tck/src/main/*' \) -print; }

# Literal values the test sources hand to something secret (see the list's header).
candidates() {
  local files
  mapfile -t files < <(test_sources)
  [ "${#files[@]}" -gt 0 ] || return 0
  {
    grep -hoE '\b[A-Z_]*(PASSWORD|SECRET|TOKEN)[A-Z_]*[[:space:]]*=[[:space:]]*"[^"]+"' "${files[@]}" || true
    grep -hoE 'Secret\.of\("[^"]+"\)' "${files[@]}" || true
    grep -hoE '"[A-Z_]*(PASSWORD|SECRET|TOKEN|_PAT)[A-Z_]*",[[:space:]]*"[^"]+"' "${files[@]}" || true
    grep -hoE '"rdw\.[a-z.-]*(password|secret-key|token)",[[:space:]]*"[^"]+"' "${files[@]}" || true
    grep -hoE 'login\("[^"]+"\)|[Tt]oken[A-Za-z]*\("[^"]+"\)' "${files[@]}" || true
  } | sed -E 's/.*"([^"]+)"[^"]*$/\1/'
  grep -hoE 'mongodb(\+srv)?://[^:/" @]+:[^@" ]+@' "${files[@]}" | sed -E 's#.*://[^:]+:([^@]+)@#\1#' || true
}

case "${1:-}" in
  sources)
    problems=0
    declare -A listed=()
    while IFS= read -r s; do listed[$s]=1; done < <(secrets)
    while IFS= read -r value; do
      # too short to search for, a masked value, a description, or a key's or environment variable's name
      if [ "${#value}" -lt 4 ] || [[ "$value" =~ ^\*+$ ]] || [[ "$value" == *" "* ]] \
        || [[ "$value" =~ ^rdw\. ]] || [[ "$value" =~ ^[A-Z][A-Z0-9_]*$ ]]; then continue; fi
      if [ -z "${listed[$value]:-}" ]; then
        echo "the test sources use the secret '$value', which $list does not list: add it there" >&2
        problems=1
      fi
    done < <(candidates | sort -u)
    while IFS= read -r s; do
      if ! grep -rqF --include='*.java' --exclude-dir=target --exclude-dir=.git -- "$s" .; then
        echo "$list lists '$s', which no source uses any more: remove it there" >&2
        problems=1
      fi
    done < <(secrets)
    [ "$problems" -eq 0 ] && echo "test secrets: $(secrets | wc -l) listed, every one used by the sources"
    exit "$problems"
    ;;
  reports)
    dirs=() missing=()
    for module in */; do
      module="${module%/}"
      [ -d "$module/src/test" ] || continue
      have=0
      for d in "$module/target/surefire-reports" "$module/target/failsafe-reports"; do
        if compgen -G "$d/TEST-*.xml" >/dev/null; then dirs+=("$d"); have=1; fi
      done
      [ "$have" -eq 1 ] || missing+=("$module")
    done
    if [ "${#missing[@]}" -gt 0 ] || [ "${#dirs[@]}" -eq 0 ]; then
      echo "no test reports to search for secrets in: ${missing[*]:-every module} (did the tests run?)" >&2
      exit 1
    fi
    if ! leaks "${dirs[@]}" >&2; then
      echo "test secrets appear in the test reports above" >&2
      exit 1
    fi
    echo "test secrets: none in $(find "${dirs[@]}" -type f | wc -l) report files of ${#dirs[@]} folders"
    ;;
  log)
    [ -s "${2:-}" ] || { echo "no CI log to search for secrets in: '${2:-}'" >&2; exit 1; }
    if ! leaks "$2" >&2; then
      echo "test secrets appear in the CI's log" >&2
      exit 1
    fi
    echo "test secrets: none in the CI's log ($(wc -l <"$2") lines)"
    ;;
  *)
    echo "usage: .ci/secrets.sh sources | reports | log FILE" >&2
    exit 2
    ;;
esac
