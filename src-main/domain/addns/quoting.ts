// Shell quoting for values that already passed validate.ts. Validation is the gate; quoting is kept anyway
// so that a valid value is still emitted the way its shell expects, and so a future relaxation of the
// validator cannot silently open an injection.
import { AppError } from '../../contract/errors.ts';
import type { Validation } from './validate.ts';

/** Stops generation with the validator's reason: an invalid value never reaches a script. */
export function required(validation: Validation): string {
  if (!validation.ok) throw new AppError('INVALID_INPUT', validation.reason);
  return validation.value;
}

// PowerShell treats the typographic single quotes as quote characters too, so each is doubled like '.
const POWERSHELL_SINGLE_QUOTES = /['\u2018\u2019\u201A\u201B]/g;

/** A PowerShell verbatim string: nothing inside single quotes is expanded except a doubled quote. */
export function powershellQuote(value: string): string {
  return `'${value.replace(POWERSHELL_SINGLE_QUOTES, (quote) => quote + quote)}'`;
}

// cmd.exe expands %VAR% (and !VAR! with delayed expansion) even inside double quotes, and a double quote
// cannot be escaped inside one: such values cannot be quoted safely at all, so they are refused.
const CMD_UNQUOTABLE = /["%!^\r\n\0]/;

/** A cmd.exe argument in double quotes (which keep & | < > literal). */
export function cmdQuote(value: string): string {
  if (CMD_UNQUOTABLE.test(value)) throw new AppError('INVALID_INPUT', 'A value holds a character cmd.exe cannot quote safely.');
  return `"${value}"`;
}
