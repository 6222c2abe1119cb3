export * from './lockstep-release';
export * from './release-plan-file';
