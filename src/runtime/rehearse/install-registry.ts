import * as fs from 'fs';
import * as path from 'path';
import { LocalServer, RegistryTools, startVerdaccioProcess } from './servers';
import { GENERATOR_NAME } from '../../model';
import { CliError } from '../cli-error';
import { Exec } from '../release/ports';

/**
 * The registry a rehearsal's `npm ci` steps install from, when the repository declares this library as a
 * real consumer does: a verdaccio of its own that holds this library's build, packed from the checkout
 * the rehearsal runs from, and fetches everything else (projen, constructs, …) from the npm registry this
 * machine uses, its uplink, keeping their tarballs. It is apart from the verdaccio that stands in for
 * npmjs in the release: the rehearsal compares that one's state with the run's summary, and this library
 * is no package of the release.
 *
 * The build is packed fresh for every rehearsal, so its tarball's digest changes with every build: a
 * repository's package-lock.json records no `integrity` for this library's entry (examples/polyglot's does
 * not), or `npm ci` would refuse every build but the one it was written from.
 */
export interface InstallRegistry extends LocalServer {
  /** `http://127.0.0.1:<port>/`: npm's registry in the workflow's `npm ci` steps. */
  readonly url: string;
  /** The registry it fetches every other package from: this machine's npm registry. */
  readonly uplink: string;
  /** `projen-lockstep-release@<version>`, as published to it. */
  readonly library: string;
  /** What starting it, packing the library and publishing it took. */
  readonly seconds: number;
}

/** npm in the library's checkout, with the options a rehearsal's own environment must not change. */
async function npm(exec: Exec, cwd: string, args: string[], what: string): Promise<string> {
  const r = await exec.run('npm', args, { cwd, env: { NPM_CONFIG_UPDATE_NOTIFIER: 'false', NPM_CONFIG_FUND: 'false', NPM_CONFIG_AUDIT: 'false' } });
  if (r.code !== 0) throw new CliError(`${what} failed (npm ${args.join(' ')} in ${cwd}): ${(r.stderr || r.stdout).trim().split('\n').slice(-10).join('\n')}`);
  return r.stdout.trim();
}

/**
 * Starts the install registry in `dir`, packs the library at `libraryRoot` (`npm pack --ignore-scripts`:
 * lib/ as compiled, its runtime dependencies bundled) while it starts, and publishes the tarball to it.
 */
export async function startInstallRegistry(tools: RegistryTools, dir: string, libraryRoot: string, exec: Exec): Promise<InstallRegistry> {
  const started = Date.now();
  fs.mkdirSync(dir, { recursive: true });
  const uplink = await npm(exec, libraryRoot, ['config', 'get', 'registry'], 'asking npm for this machine\'s registry');
  const packing = npm(exec, libraryRoot, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], `packing ${GENERATOR_NAME}`);
  packing.catch(() => undefined);
  const server = await startVerdaccioProcess(tools.verdaccio, path.join(dir, 'verdaccio'), 'rehearsal', { url: uplink, localOnly: [GENERATOR_NAME] });
  try {
    const [packed] = JSON.parse(await packing) as Array<{ filename: string; name: string; version: string }>;
    const url = `${server.url}/`;
    const userconfig = path.join(dir, 'npmrc');
    fs.writeFileSync(userconfig, `//127.0.0.1:${server.port}/:_authToken=${server.token}\n`, { mode: 0o600 });
    await npm(exec, dir, ['publish', path.join(dir, path.basename(packed.filename)), '--registry', url, '--userconfig', userconfig, '--ignore-scripts', '--tag', 'latest'], `publishing ${GENERATOR_NAME} to the install registry`);
    return { url, uplink, library: `${packed.name}@${packed.version}`, seconds: (Date.now() - started) / 1000, stop: server.stop };
  } catch (e) {
    await server.stop();
    throw e;
  }
}
