// fast-check arbitraries of hostile input for the AD/DNS fuzz tests, which show that no input can inject a command
// into a generated script (docs/decisions.md, "AD/DNS scripts: what a valid value is"): shell metacharacters,
// control characters, Unicode look-alikes of letters, digits, dots and hyphens, and over-long values.
import fc from 'fast-check';

export const SHELL_FRAGMENTS = [
  "'", '"', '`', '$(', ')', '$(calc)', '${env:PATH}', '$env:USERNAME', ';', '&', '&&', '|', '||', '%', '%COMPUTERNAME%', '!PATH!',
  '^', '<', '>', '>>', '2>&1', '\n', '\r', '\r\n', '\0', '\t', ' ', '\u000b', '\u000c', '\u001b[31m', '\u007f', '@', ',', '/', '\\', '*', '?',
  '#', '{', '}', '[', ']', '=', '+', '~', ':', '_', '\'; Remove-Item -Recurse C:\\; \'', '" & del /q C:\\* & "', '`n', '@"', '"@',
];

export const LOOK_ALIKES = [
  '\u0430', '\u0435', '\u043e', '\u0441', '\u0440', '\u0455', '\u0456', '\u03bf', '\u0391', '\u0131', '\u1e9b', '\u2102',
  '\uff0e', '\u3002', '\uff61', '\u2024', '\u2010', '\u2011', '\u2012', '\u2013', '\u2212', '\ufe63', '\uff0d',
  '\uff10', '\uff11', '\u0660', '\u06f1', '\u0967', '\u00a0', '\u2000', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff',
  '\u202e', '\u2066', '\u0301', '\u2018', '\u2019', '\u201c', '\u201d', '\u02bc', '\uff07', '\uff02', '\uff04', '\uff1b', '\uff06', '\uff5c',
  '\ud83d\ude00', '\u00e9', '\u00df', '\ufb01',
];

const dnsCharacter = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-'.split(''));
const ipCharacter = fc.constantFrom(...'0123456789.'.split(''));

/** A value with at least one forbidden character somewhere among otherwise plausible characters. */
function withForbidden(plausible: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const forbidden = fc.oneof(
    fc.constantFrom(...SHELL_FRAGMENTS),
    fc.constantFrom(...LOOK_ALIKES),
    // Any code point outside the DNS alphabet.
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((character) => !/^[A-Za-z0-9.-]$/.test(character)),
  );
  return fc
    .tuple(plausible, fc.array(forbidden, { minLength: 1, maxLength: 4 }), plausible, fc.array(plausible, { maxLength: 3 }))
    .map(([before, bad, after, rest]) => [before, ...bad.flatMap((fragment, index) => [fragment, rest[index] ?? '']), after].join(''));
}

/** Hostile values for a DNS name parameter (zone, host name, server name). */
export function hostileDnsNames(): fc.Arbitrary<string> {
  const plausible = fc.string({ unit: dnsCharacter, maxLength: 24 });
  const tooLong = fc.string({ unit: dnsCharacter, minLength: 254, maxLength: 3_000 });
  const longLabel = fc.tuple(fc.string({ unit: fc.constantFrom('a', 'b', '7'), minLength: 64, maxLength: 200 }), fc.constantFrom('', '.com')).map(([label, tail]) => label + tail);
  return fc.oneof({ weight: 8, arbitrary: withForbidden(plausible) }, { weight: 1, arbitrary: tooLong }, { weight: 1, arbitrary: longLabel });
}

/** Hostile values for an IPv4 parameter. */
export function hostileAddresses(): fc.Arbitrary<string> {
  const plausible = fc.string({ unit: ipCharacter, maxLength: 8 });
  const quadWithPayload = fc
    .tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255), fc.constantFrom(...SHELL_FRAGMENTS, ...LOOK_ALIKES), fc.nat(3))
    .map(([a, b, c, d, payload, at]) => {
      const parts = [String(a), String(b), String(c), String(d)];
      parts[at] = `${parts[at] ?? ''}${payload}`;
      return parts.join('.');
    });
  const tooLong = fc.string({ unit: ipCharacter, minLength: 16, maxLength: 2_000 });
  return fc.oneof({ weight: 6, arbitrary: withForbidden(plausible) }, { weight: 3, arbitrary: quadWithPayload }, { weight: 1, arbitrary: tooLong });
}
