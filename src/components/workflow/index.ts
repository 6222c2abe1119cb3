export * from './workflow-types';
export * from './workflow-file';
export * from './steps';
