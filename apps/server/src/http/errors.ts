import type { ErrorCode } from '@fupin/domain';

/** An error the API reports to the client with a code from the shared error table. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details?: unknown,
    message?: string,
  ) {
    super(message ?? code);
    this.name = 'AppError';
  }
}

/** Shorthands used by services. */
export const notFound = (details?: unknown): AppError => new AppError('NOT_FOUND', details);
export const outOfScope = (): AppError => new AppError('OUT_OF_SCOPE');
export const forbidden = (): AppError => new AppError('FORBIDDEN');
