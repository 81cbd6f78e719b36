export * from './audit';
export * from './auth';
export * from './client';
export * from './health';
export * from './jobs';
export * from './regions';
export * from './types';
export * from './users';
