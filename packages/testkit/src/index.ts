export * from './database';
export * from './env';
export * from './graphql';
export * from './service';
export { signToken } from '@cultura/auth';
export * from './gateway';
export * from './tracing';
export * from './feed';
export * from './logs';
