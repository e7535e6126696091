// Every error the console can report, by stable code. The renderer, CLI and web host show `message`;
// `code` is what tests and scripts match on. No stack trace ever leaves the main process.
export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNKNOWN_CHANNEL',
  'FORBIDDEN_SENDER',
  'UNAUTHORIZED',
  'PAYLOAD_TOO_LARGE',
  'NOT_FOUND',
  'CONFLICT',
  'SCHEMA_TOO_NEW',
  'DATABASE_ERROR',
  'ESTATE_INVALID',
  'KEYCHAIN_UNAVAILABLE',
  'PREFLIGHT_FAILED',
  'FABRIC_UNREACHABLE',
  'FABRIC_ERROR',
  'OPERATION_NOT_ALLOWED',
  'CERTIFICATE_INVALID',
  'CERTIFICATE_UNREADABLE',
  'CERTIFICATE_TOO_LARGE',
  'CERTIFICATE_PASSWORD_WRONG',
  'CERTIFICATE_KEY_UNPROTECTED',
  'CERTIFICATE_EXPIRED',
  'CERTIFICATE_NOT_YET_VALID',
  'CERTIFICATE_THUMBPRINT_MISMATCH',
  'CERTIFICATE_NO_PRIVATE_KEY',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toPayload(): ErrorPayload {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Turns anything thrown into a payload safe to show: unknown errors become INTERNAL without their text. */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (error instanceof AppError) return error.toPayload();
  return { code: 'INTERNAL', message: 'An internal error occurred; details are in the console log.' };
}

export type Envelope<T> = { ok: true; result: T } | { ok: false; error: ErrorPayload };
