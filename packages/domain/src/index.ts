export * from './regions.js';
export * from './roles.js';
export * from './errors.js';
export * from './passwords.js';
export * from './privacy.js';
export * from './identification.js';
export * from './registry/index.js';
