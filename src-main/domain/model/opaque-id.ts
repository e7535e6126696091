// Ids are opaque strings (docs/decisions.md "The lab as a separate fabric service"): a fabric names its
// sites and machines as it likes, and an Azure resource id is several hundred characters of slashes, dots
// and capitals. Long enough for one, and without control characters so an id echoed in a message or a log
// line cannot forge another line.
import { z } from 'zod';

export const OPAQUE_ID_MAX_LENGTH = 1024;

function printable(value: string): boolean {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code < 32 || code === 127) return false;
  }
  return value.trim() === value;
}

export const OpaqueId = z
  .string()
  .min(1)
  .max(OPAQUE_ID_MAX_LENGTH)
  .refine(printable, 'an id holds no control characters and no leading or trailing spaces');
