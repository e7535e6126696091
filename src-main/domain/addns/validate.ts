// The only values that may reach a generated script (docs/decisions.md, "AD/DNS scripts: what a valid value is"). Zone and host names are DNS names
// (RFC 1035 labels: letters, digits, hyphens), addresses are IPv4 dotted quads; everything else is refused
// with a reason that names the position, never echoing the value (it may hold control characters).

export type Validation = { ok: true; value: string } | { ok: false; reason: string };

export const MAX_DNS_NAME_LENGTH = 253;
export const MAX_LABEL_LENGTH = 63;

const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const DNS_CHARACTERS = /^[A-Za-z0-9.-]$/;
const DIGITS = /^[0-9]{1,3}$/;

/** Describes a refused character without printing it: "U+0430" for a Cyrillic look-alike, "U+0000" for NUL. */
function describeCharacter(value: string, index: number): string {
  const code = value.codePointAt(index) ?? 0;
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  const printable = code > 0x20 && code < 0x7f;
  return printable ? `"${String.fromCodePoint(code)}" (U+${hex})` : `U+${hex}`;
}

function firstBadCharacter(value: string): number {
  for (let index = 0; index < value.length; index += 1) {
    if (!DNS_CHARACTERS.test(value[index] ?? '')) return index;
  }
  return -1;
}

/** A DNS name such as a zone (`contoso.com`) or a host (`app02`, `web.eu`): labels joined by dots. */
export function validateDnsName(value: unknown, what: string): Validation {
  if (typeof value !== 'string') return { ok: false, reason: `${what} must be text.` };
  if (value.length === 0) return { ok: false, reason: `${what} is empty.` };
  if (value.length > MAX_DNS_NAME_LENGTH) {
    return { ok: false, reason: `${what} is ${value.length} characters long; a DNS name has at most ${MAX_DNS_NAME_LENGTH}.` };
  }
  const bad = firstBadCharacter(value);
  if (bad >= 0) {
    return {
      ok: false,
      reason: `${what} has ${describeCharacter(value, bad)} at position ${bad + 1}; a DNS name holds only ASCII letters, digits, hyphens and dots.`,
    };
  }
  const labels = value.split('.');
  for (const [index, label] of labels.entries()) {
    const which = labels.length === 1 ? 'its label' : `label ${index + 1}`;
    if (label.length === 0) return { ok: false, reason: `${what} has an empty label (a leading, trailing or doubled dot).` };
    if (label.length > MAX_LABEL_LENGTH) {
      return { ok: false, reason: `${what}: ${which} is ${label.length} characters long; a label has at most ${MAX_LABEL_LENGTH}.` };
    }
    if (!LABEL.test(label)) return { ok: false, reason: `${what}: ${which} starts or ends with a hyphen.` };
  }
  return { ok: true, value };
}

/** A single label: a computer name such as the test DNS server's (`DNS01`). */
export function validateHostLabel(value: unknown, what: string): Validation {
  const name = validateDnsName(value, what);
  if (!name.ok) return name;
  if (name.value.includes('.')) return { ok: false, reason: `${what} must be a single label (a computer name without dots).` };
  return name;
}

/**
 * An IPv4 host address in dotted-quad form. Leading zeros are refused (some tools read them as octal), and
 * so are addresses no test machine can hold: 0.x, loopback, multicast, reserved and broadcast.
 */
export function validateIpv4(value: unknown, what: string): Validation {
  if (typeof value !== 'string') return { ok: false, reason: `${what} must be text.` };
  if (value.length === 0) return { ok: false, reason: `${what} is empty.` };
  if (value.length > 15) return { ok: false, reason: `${what} is not an IPv4 address: too long for a dotted quad.` };
  const parts = value.split('.');
  if (parts.length !== 4) return { ok: false, reason: `${what} is not an IPv4 address: it needs four numbers separated by dots.` };
  const octets: number[] = [];
  for (const [index, part] of parts.entries()) {
    if (!DIGITS.test(part)) return { ok: false, reason: `${what} is not an IPv4 address: part ${index + 1} is not a number from 0 to 255.` };
    if (part.length > 1 && part.startsWith('0')) return { ok: false, reason: `${what}: part ${index + 1} has a leading zero.` };
    const octet = Number(part);
    if (octet > 255) return { ok: false, reason: `${what}: part ${index + 1} is greater than 255.` };
    octets.push(octet);
  }
  const first = octets[0] ?? 0;
  if (first === 0) return { ok: false, reason: `${what} is in 0.0.0.0/8, which no machine can use.` };
  if (first === 127) return { ok: false, reason: `${what} is a loopback address.` };
  if (first >= 224) return { ok: false, reason: `${what} is a multicast, reserved or broadcast address.` };
  return { ok: true, value };
}

/** Whether a value may be written into a script unchanged: the generators' last line of defence. */
export function isScriptSafe(value: string): boolean {
  return /^[A-Za-z0-9.-]+$/.test(value);
}
