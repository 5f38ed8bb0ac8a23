/**
 * Errors of the simulator: a scenario file that cannot be used. Printed by `ringsim` as one `error:` line
 * (exit 2).
 */
export const SIM_ERROR_CODES = [
  /** The scenario file is not valid JSON or a field is missing, of the wrong type or out of range. */
  'SIM_BAD_SCENARIO',
  /** No scenario file or built-in scenario has that name. */
  'SIM_UNKNOWN_SCENARIO',
] as const;

export type SimErrorCode = (typeof SIM_ERROR_CODES)[number];

export class SimError extends Error {
  override readonly name = 'SimError';
  readonly code: SimErrorCode;

  constructor(code: SimErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
