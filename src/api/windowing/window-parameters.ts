import { InvalidWindowParameterError } from '../../errors.js'

/** Checks a window length or gap: a whole number of milliseconds above 0 (else InvalidWindowParameterError). */
export function requirePositiveDuration(call: string, parameter: string, valueMs: number): void {
  if (!Number.isSafeInteger(valueMs) || valueMs <= 0) {
    throw new InvalidWindowParameterError(call, parameter, valueMs, 'it must be a whole number of milliseconds greater than 0')
  }
}

/** Checks a duration that may be 0 (allowed lateness): a whole number of milliseconds, not negative. */
export function requireNonNegativeDuration(call: string, parameter: string, valueMs: number): void {
  if (!Number.isSafeInteger(valueMs) || valueMs < 0) {
    throw new InvalidWindowParameterError(call, parameter, valueMs, 'it must be a whole number of milliseconds, 0 or more')
  }
}

/** Checks a window offset against the period it shifts (Flink: |offset| < size, or < slide for sliding windows). */
export function requireOffsetWithin(call: string, offsetMs: number, periodParameter: string, periodMs: number): void {
  if (!Number.isSafeInteger(offsetMs) || Math.abs(offsetMs) >= periodMs) {
    throw new InvalidWindowParameterError(call, 'offsetMs', offsetMs,
      `it must be a whole number of milliseconds with |offsetMs| < ${periodParameter} (${periodMs})`)
  }
}
