export * from './log';
export * from './markdown';
export * from './github';
