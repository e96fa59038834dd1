// THE allow-list of the fuzz (test/fuzz/): failures of entry points whose fix belongs to another
// helper of issue 16 (or another issue). Each entry names the entry point (as in
// test/fuzz/entries.ts), the outcome classes it may produce, a pattern of the failure detail,
// and the defect number of issue 16. An allow-listed failure is still counted and printed in
// the summary ("(n known)"), never hidden. The integrator deletes entries as fixes land; the
// goal is an empty list.

/** One known, not-yet-fixed defect. */
export interface KnownDefect {
  /** Entry name (test/fuzz/entries.ts). */
  entry: string;
  /** Outcome classes it may produce. */
  classes: readonly ('untyped' | 'nonfinite' | 'mismatch' | 'leak' | 'broken' | 'hang')[];
  /** Pattern of the outcome's detail (error class and message, or the check's text). */
  match: RegExp;
  /** Defect number in issue 16. */
  defect: number;
  /** What is wrong, and who fixes it. */
  description: string;
}

export const KNOWN_DEFECTS: readonly KnownDefect[] = [
  // empty: every failure class the fuzz found for issue 16 is fixed (each fix has a regression
  // test in test/fuzz/regressions.test.ts or its area's test file). A new entry needs a defect
  // to point to and an owner; it does not make a failure go away, it only keeps it visible.
];
