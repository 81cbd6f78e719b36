// Household plans (一户一策), delivered measures, visits, wall cards and work team activity.
export * from './measures.js';
export * from './plans.js';
export * from './issues.js';
export * from './checks.js';
export * from './views.js';
