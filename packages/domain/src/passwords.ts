/** Password rule: at least 10 characters, with a letter and a digit (MLPS 2.0 level-3 practice). */
export const PASSWORD_MIN_LENGTH = 10;

/** True when a password meets the platform's password rule. */
export function isStrongPassword(password: string): boolean {
  return (
    password.length >= PASSWORD_MIN_LENGTH && password.length <= 128 && /[A-Za-z]/.test(password) && /\d/.test(password)
  );
}

/** Failed logins allowed before a lockout, and the lockout length. */
export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_LOCKOUT_MINUTES = 15;
/** Idle sessions expire after this many minutes; absolute expiry after 12 hours. */
export const SESSION_IDLE_MINUTES = 120;
export const SESSION_MAX_HOURS = 12;
