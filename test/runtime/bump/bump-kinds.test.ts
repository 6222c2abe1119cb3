import { describe, expect, it } from 'vitest';
import { lockstep, snapshot, writePlan } from './helpers';
import { exampleProducts } from '../../support/example-products';
import { copyExample } from '../../support/fixtures';

describe('lockstep bump with a bump kind', () => {
  it.each([
    ['patch', '0.3.1'],
    ['minor', '0.4.0'],
    ['major', '1.0.0'],
  ])('GIVEN the example at 0.3.0 WHEN bumped by %s THEN the target is %s', async (kind, expected) => {
    const dir = copyExample();
    writePlan(dir, { products: exampleProducts() });
    const r = await lockstep(dir, 'bump', kind, '--dry-run', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ from: '0.3.0', to: expected, dryRun: true });
  });

  it('GIVEN a version source that is not a release version WHEN bumped by patch THEN it asks for an explicit version and writes nothing', async () => {
    const dir = copyExample();
    writePlan(dir, { products: exampleProducts() });
    const fs = await import('fs');
    const file = `${dir}/Cargo.toml`;
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('version = "0.3.0"\nedition', 'version = "0.3"\nedition'));
    const before = snapshot(dir);
    const r = await lockstep(dir, 'bump', 'patch');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot compute the patch bump: Cargo\.toml: '0\.3' is not a release version\. Give the version explicitly\./);
    expect(snapshot(dir)).toEqual(before);
  });
});
