import { describe, expect, it } from 'vitest';
import { MemoryRepoReader, Product, buildPlan, checkSecretNames, isSecretName, planConfigOf } from '../../src/model';
import { errorOf } from '../support/fixtures';

// One rule for the secret names a user declares (a generic product's publishSecrets, a Tauri app's
// signing.windows.secrets): each caller says only which names its step's environment already has.

const RESERVED = { prefixes: ['GITHUB_', 'LOCKSTEP_'], names: ['CI', 'PATH'], givenBy: 'GitHub or release.yml already gives the step' };

describe('secret names a user declares', () => {
  it('GIVEN GitHub secret names WHEN checked THEN they pass, and isSecretName agrees', () => {
    expect(() => checkSecretNames('x.secrets', ['DOCKERHUB_TOKEN', '_A1'], RESERVED)).not.toThrow();
    expect(['DOCKERHUB_TOKEN', '_A1'].every(isSecretName)).toBe(true);
    expect(['1TOKEN', 'A-B', '', 3].some(isSecretName)).toBe(false);
  });

  it('GIVEN a name GitHub refuses WHEN checked THEN it is refused at the option, saying what a name may hold', () => {
    expect(errorOf(() => checkSecretNames('x.secrets', ['OK', '1TOKEN'], RESERVED)).message).toBe(
      "x.secrets: '1TOKEN' is not a GitHub secret name (letters, digits and '_', not starting with a digit); rename it.",
    );
  });

  it('GIVEN a name the step already has WHEN checked THEN it is refused, listing the reserved names as the caller gives them (any case)', () => {
    expect(errorOf(() => checkSecretNames('x.secrets', ['lockstep_plan'], RESERVED)).message).toBe(
      "x.secrets: 'lockstep_plan' is a name GitHub or release.yml already gives the step (GITHUB_*, LOCKSTEP_*, CI, PATH); store the secret under another name.",
    );
    expect(errorOf(() => checkSecretNames('x.secrets', ['Path'], RESERVED)).message).toMatch(/'Path' is a name/);
    expect(() => checkSecretNames('x.secrets', ['PATHS', 'MY_GITHUB_TOKEN'], RESERVED)).not.toThrow();
  });

  it('GIVEN a bad name in a generic product\'s publishSecrets WHEN planned THEN the plan refuses it with this rule, at its option', () => {
    const generic = Product.generic({ path: 'server', name: 'server', publishCommand: 'make push', publishSecrets: ['1TOKEN'] });
    const repo = new MemoryRepoReader({ 'server/VERSION': '1.0.0\n' });
    const message = errorOf(() => buildPlan(planConfigOf({ products: [generic] }, repo, '0.0.0'), repo)).message;
    expect(message).toBe("products[0].publishSecrets: '1TOKEN' is not a GitHub secret name (letters, digits and '_', not starting with a digit); rename it.");
  });
});
