import { test } from 'node:test';
import assert from 'node:assert/strict';
import { headlessSalvageArgs } from './headless';

test('Quire --salvage …: the quire salvage arguments; anything else starts the app', () => {
  assert.equal(headlessSalvageArgs(['/opt/Quire/quire']), null);
  assert.equal(headlessSalvageArgs(['/opt/Quire/quire', '--user-data-dir', '/tmp/x']), null);
  assert.equal(headlessSalvageArgs(['/opt/Quire/quire', 'notes.md']), null);
  // argv[0] is never a flag, even if an executable were named so.
  assert.equal(headlessSalvageArgs(['--salvage']), null);
  assert.deepEqual(
    headlessSalvageArgs(['C:\\Program Files\\Quire\\Quire.exe', '--salvage', '--src', 'C:\\db', '--dest', 'D:\\out', '--json']),
    ['salvage', '--src', 'C:\\db', '--dest', 'D:\\out', '--json'],
  );
  // Development: electron <app folder> --salvage …
  assert.deepEqual(headlessSalvageArgs(['/x/electron', '.', '--salvage', '--list']), ['salvage', '--list']);
  // A profile given before --salvage goes along (for --list), unless one is given after it.
  assert.deepEqual(headlessSalvageArgs(['quire', '--user-data-dir', '/p', '--salvage', '--list']), ['salvage', '--list', '--user-data-dir', '/p']);
  assert.deepEqual(headlessSalvageArgs(['quire', '--user-data-dir=/p', '--no-sandbox', '--salvage', '--list']), ['salvage', '--list', '--user-data-dir=/p']);
  assert.deepEqual(
    headlessSalvageArgs(['quire', '--user-data-dir', '/p', '--salvage', '--list', '--user-data-dir', '/q']),
    ['salvage', '--list', '--user-data-dir', '/q'],
  );
  assert.deepEqual(headlessSalvageArgs(['quire', '--salvage', '--help']), ['salvage', '--help']);
});
