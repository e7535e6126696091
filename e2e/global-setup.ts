import { ensureBuilt } from '../src-main/app/build.ts';

/** The web host serves the built renderer: build it once if the sources are newer. */
export default function globalSetup(): void {
  ensureBuilt();
}
