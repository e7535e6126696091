// Preloaded with `--import` (NODE_OPTIONS) by specs that check what a command loads: records every module
// Node loads, ESM and CommonJS alike (module.registerHooks runs for both: nodejs.org/api/module.html,
// "Synchronous hooks"), and whether the Reflect metadata shim of the certificate adapter was installed, then
// writes both to FC_LOADED_MODULES_FILE when the process exits.
import { writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const loaded: string[] = [];
registerHooks({
  load(url, context, nextLoad) {
    loaded.push(url);
    return nextLoad(url, context);
  },
});
process.on('exit', () => {
  const reflectMetadata = typeof (Reflect as unknown as Record<string, unknown>).getMetadata === 'function';
  writeFileSync(process.env.FC_LOADED_MODULES_FILE!, JSON.stringify({ loaded, reflectMetadata }));
});
