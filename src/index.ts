export * from './model/product';
export * from './model/options';
export { LockstepRelease } from './components/lockstep-release';
export * from './project';
