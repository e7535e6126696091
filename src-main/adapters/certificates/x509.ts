// @peculiar/x509 with its prerequisites in place: the Reflect metadata shim must run before the library
// loads (tsyringe checks at load time), and the library needs a WebCrypto provider (Node's). It is loaded
// with require() in this module's body, after the shim: a static import would be hoisted above the shim
// once electron-vite bundles the main process with @peculiar/x509 external.
import './reflect-metadata-shim.ts';
import { createRequire } from 'node:module';
import { webcrypto } from 'node:crypto';
import type * as X509 from '@peculiar/x509';

const x509 = createRequire(import.meta.url)('@peculiar/x509') as typeof X509;
// Node's WebCrypto is the DOM Crypto in all but its TypeScript declaration.
x509.cryptoProvider.set(webcrypto as never);

export { x509 };
