/** Exit codes of the CLI (documented in the README and in `extract --help`). */
export const EXIT = {
  /** Every input was converted (and, with --fail-on, no finding reached the threshold). */
  OK: 0,
  /** At least one input failed, an input was missing, or the output folder cannot be used. */
  SOME_FAILED: 1,
  /** Usage error: unknown command or option, missing --out, bad option value. */
  USAGE: 2,
  /** Everything converted, but some document has findings at or above the --fail-on threshold. */
  FINDINGS: 3,
  /** Interrupted by Ctrl-C (SIGINT) or SIGTERM; re-run the same command to finish. */
  INTERRUPTED: 130,
  TERMINATED: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
