// electron-builder.yml: the packaged binary's Electron fuses are set as
// docs/architecture.md ("Security") says, and the whole file is what the
// installed electron-builder accepts (its own schema validation, the one
// `npm run dist` runs first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import YAML from 'yaml';

const root = path.resolve(import.meta.dirname, '../..');
const readConfig = () => YAML.parse(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

type ValidateConfiguration = (config: unknown, debugLogger: { isEnabled: boolean; add(key: string, value: unknown): void }) => Promise<void>;

/** The validator of the app-builder-lib that the installed electron-builder itself uses. */
function electronBuilderValidator(): ValidateConfiguration {
  const fromRoot = createRequire(path.join(root, 'package.json'));
  const fromElectronBuilder = createRequire(fromRoot.resolve('electron-builder'));
  return (fromElectronBuilder('app-builder-lib/out/util/config/config') as { validateConfiguration: ValidateConfiguration }).validateConfiguration;
}

const quietLogger = { isEnabled: false, add: () => undefined };

test('the packaged binary cannot be run as Node, given Node options or an inspector, and loads only its checked app.asar', () => {
  assert.deepEqual(readConfig().electronFuses, {
    // `Quire --salvage` runs the CLI inside the main process (main/electron/main.ts), not through ELECTRON_RUN_AS_NODE.
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    onlyLoadAppFromAsar: true,
    enableEmbeddedAsarIntegrityValidation: true,
    enableCookieEncryption: true,
    // The window loads app://quire/, never file://.
    grantFileProtocolExtraPrivileges: false,
    loadBrowserProcessSpecificV8Snapshot: false,
  });
  // onlyLoadAppFromAsar needs an app.asar to load.
  assert.equal(readConfig().asar, true);
});

test('electron-builder.yml passes the installed electron-builder\'s schema, and a misspelt fuse would not', async () => {
  const validate = electronBuilderValidator();
  const config = readConfig();
  await validate(config, quietLogger);
  const misspelt = { ...config, electronFuses: { ...(config.electronFuses as object), runAsNod: false } };
  await assert.rejects(validate(misspelt, quietLogger), /configuration\.electronFuses/);
});
