/**
 * Errors a command-line handler raises for the operator: printed as one `error: …` line, exit code as given
 * (2 for usage errors, 1 for failures). Codes are namespaced `CLI_*`.
 */
export const CLI_ERROR_CODES = [
  /** Bad flag value or combination (exit 2). */
  'CLI_USAGE',
  /** The command ran and failed (exit 1). */
  'CLI_FAILED',
] as const;

export type CliErrorCode = (typeof CLI_ERROR_CODES)[number];

export class CliError extends Error {
  override readonly name = 'CliError';
  readonly code: CliErrorCode;
  readonly exitCode: number;

  constructor(code: CliErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.exitCode = code === 'CLI_USAGE' ? 2 : 1;
  }
}
