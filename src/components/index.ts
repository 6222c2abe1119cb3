export * from './lockstep-release';
export * from './release-plan-file';
export * from './bump-script';
export * from './bump-script-options';
