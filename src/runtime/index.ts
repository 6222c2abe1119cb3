export * from './cli-error';
export * from './args';
export * from './context';
export * from './plan-loader';
export * from './release-state';
export * from './main';
export * from './commands';
