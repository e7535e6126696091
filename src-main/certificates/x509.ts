// @peculiar/x509 with its prerequisites in place: the Reflect metadata shim must run first, and the
// library needs a WebCrypto provider (Node's).
import './reflect-metadata-shim.ts';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export { x509 };
