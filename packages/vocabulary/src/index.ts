export * from './types';
export * from './figures';
export * from './period';
export * from './territory-ids';
