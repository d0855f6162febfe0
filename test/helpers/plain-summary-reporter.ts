import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends every run with one plain line, `N passed, N failed, N skipped`, after vitest's own summary.
 * Vitest's summary is coloured and laid out for people; CI and other tools that read a run's closing
 * line want the counts in a fixed form, without colour codes.
 */
export default class PlainSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const testModule of testModules) {
      for (const test of testModule.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed += 1;
        else if (state === 'failed') counts.failed += 1;
        else counts.skipped += 1;
      }
      // a file that fails before any test (an import or a hook) counts as a failure too
      if (
        testModule.state() === 'failed' &&
        ![...testModule.children.allTests()].some((t) => t.result().state === 'failed')
      ) {
        counts.failed += 1;
      }
    }
    process.stdout.write(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  }
}
