export * from './envelope.ts';
export * from './schemas.ts';
export * from './methods.ts';
export * from './events.ts';
export * from './client.ts';
export * from './augment-schemas.ts';
export * from './training-schemas.ts';
