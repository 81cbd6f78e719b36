export * from './settings.js';
export * from './rules.js';
