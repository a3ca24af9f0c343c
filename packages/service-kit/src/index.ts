export * from './env';
export * from './errors';
export * from './logger';
export * from './pagination';
export * from './paths';
export * from './server';
export * from './shutdown';
export * from './text';
