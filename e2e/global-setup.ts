import { ensureBuilt } from '../src-main/application/build.ts';

/** The web host serves the built renderer: build it once if the sources are newer. */
export default function globalSetup(): void {
  ensureBuilt();
}
