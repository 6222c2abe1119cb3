import { Command } from '../context';
import { affectedCommand } from './affected';
import { bumpCommand } from './bump';
import { ciResultCommand } from './ci-result';
import { crateCheckCommand } from './crate-check';
import { githubReleaseCommand } from './github-release';
import { goProxyWarmCommand } from './go-proxy-warm';
import { packFfiCommand } from './pack-ffi';
import { packNpmCommand } from './pack-npm';
import { planCommand } from './plan';
import { prePublishCommand } from './pre-publish';
import { preflightCommand } from './preflight';
import { probeCommand } from './probe';
import { publishCratesCommand } from './publish-crates';
import { publishNpmCommand } from './publish-npm';
import { recordOutcomeCommand } from './record-outcome';
import { releaseAssetsCommand } from './release-assets';
import { releasePlanCommand } from './release-plan';
import { releasePrCommand } from './release-pr';
import { smokeCommand } from './smoke';
import { summaryCommand } from './summary';
import { tagCommand } from './tag';
import { verifyCommand } from './verify';

/**
 * Every `lockstep` subcommand. Each lives in its own file under commands/ and is registered here with
 * one line.
 */
export const COMMANDS: Record<string, Command> = {
  'affected': affectedCommand,
  'bump': bumpCommand,
  'ci-result': ciResultCommand,
  'crate-check': crateCheckCommand,
  'github-release': githubReleaseCommand,
  'go-proxy-warm': goProxyWarmCommand,
  'pack-ffi': packFfiCommand,
  'pack-npm': packNpmCommand,
  'plan': planCommand,
  'pre-publish': prePublishCommand,
  'preflight': preflightCommand,
  'probe': probeCommand,
  'publish-crates': publishCratesCommand,
  'publish-npm': publishNpmCommand,
  'record-outcome': recordOutcomeCommand,
  'release-assets': releaseAssetsCommand,
  'release-plan': releasePlanCommand,
  'release-pr': releasePrCommand,
  'smoke': smokeCommand,
  'summary': summaryCommand,
  'tag': tagCommand,
  'verify': verifyCommand,
};
