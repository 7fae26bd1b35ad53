/** House rules that code review alone would let slip. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { vi } from '../../src/platform/i18n/vi.ts';
import { en } from '../../src/platform/i18n/en.ts';

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

describe('architecture', () => {
  it('modules import each other only through index.ts', () => {
    const offences: string[] = [];
    for (const file of files('src/modules')) {
      const own = file.split(path.sep)[2];
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)) {
        const target = path.normalize(path.join(path.dirname(file), m[1]!));
        const parts = target.split(path.sep);
        if (parts[0] !== 'src' || parts[1] !== 'modules' || parts.length < 4) continue;
        if (parts[2] !== own && parts.slice(3).join('/') !== 'index.ts') offences.push(`${file} → ${m[1]}`);
      }
    }
    assert.deepEqual(offences, []);
  });

  it('the platform layer does not import modules', () => {
    const offences = files('src/platform').filter((f) => /from '[^']*modules\//.test(fs.readFileSync(f, 'utf8')));
    assert.deepEqual(offences, []);
  });

  it('the English catalogue translates every Vietnamese string', () => {
    assert.deepEqual(Object.keys(en).sort(), Object.keys(vi).sort());
    const untranslated = Object.keys(vi).filter((k) => !k.startsWith('lang.') && /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i.test(en[k as keyof typeof vi]));
    assert.deepEqual(untranslated, [], 'English strings must not contain Vietnamese');
  });

  it('no user-facing text is hard-coded in page templates', () => {
    // A crude but useful check: Vietnamese letters outside the catalogue and the demo data mean a missing key.
    const offences = files('src').filter((f) => !f.includes(`${path.sep}i18n${path.sep}`) && !f.includes(`${path.sep}seed${path.sep}`) && /html`[^`]*[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệ]/i.test(fs.readFileSync(f, 'utf8')));
    assert.deepEqual(offences, []);
  });
});

describe('audit actions', () => {
  it('every action the code records has a label in the catalogue', () => {
    const actions = new Set<string>();
    for (const file of files('src')) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/action: ([^,}]+)/g)) for (const a of m[1]!.matchAll(/'([a-z_]+\.[a-z_]+)'/g)) actions.add(a[1]!);
    }
    assert.ok(actions.size >= 10, `found ${actions.size} actions`);
    const missing = [...actions].filter((a) => !(`audit.action.${a}` in vi));
    assert.deepEqual(missing, []);
  });
});
