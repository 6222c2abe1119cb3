export * from './lockstep-release';
export * from './release-plan-file';
export * from './release-publish';
export * from './bump-script';
export * from './bump-script-options';
export * from './release-pr';
export * from './release-pr-options';
export * from './trusted-publishing';
