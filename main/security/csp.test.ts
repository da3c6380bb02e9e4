import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { contentSecurityPolicy, dataContentSecurityPolicy, metaContentSecurityPolicy } from './csp';

const directives = (policy: string) =>
  new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));

test('scripts only from the app itself: nothing inline, remote or eval', () => {
  const csp = directives(contentSecurityPolicy());
  assert.deepEqual(csp.get('default-src'), ["'none'"]);
  assert.deepEqual(csp.get('script-src'), ["'self'"]);
  assert.deepEqual(csp.get('object-src'), ["'none'"]);
  assert.deepEqual(csp.get('frame-ancestors'), ["'none'"]);
  for (const [name, values] of csp) {
    for (const value of values) {
      assert.ok(!/unsafe-inline|unsafe-eval|^\*$|^https?:$/.test(value), `${name} allows ${value}`);
    }
  }
});

test('index.html carries the same policy in its meta tag, minus header-only directives', () => {
  const html = fs.readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
  assert.equal(meta, metaContentSecurityPolicy());
  assert.ok(!/<script(?![^>]*\bsrc=)/.test(html), 'no inline script in index.html');
});

test('attachments are served sandboxed', () => {
  const csp = directives(dataContentSecurityPolicy());
  assert.ok(csp.has('sandbox'));
  assert.deepEqual(csp.get('default-src'), ["'none'"]);
});
