/** Every error the API can return, with its HTTP status and a message in each language. */
export const ERRORS = {
  VALIDATION: { status: 400, 'zh-CN': '输入有误，请检查后重试', en: 'The input is not valid' },
  BAD_REQUEST: { status: 400, 'zh-CN': '请求无法处理', en: 'The request cannot be processed' },
  UNAUTHENTICATED: { status: 401, 'zh-CN': '请先登录', en: 'Please log in' },
  BAD_CREDENTIALS: { status: 401, 'zh-CN': '用户名或密码错误', en: 'Wrong user name or password' },
  ACCOUNT_LOCKED: {
    status: 423,
    'zh-CN': '登录失败次数过多，账号已锁定 15 分钟',
    en: 'Too many failed logins; the account is locked for 15 minutes',
  },
  ACCOUNT_DISABLED: { status: 403, 'zh-CN': '账号已停用', en: 'This account is disabled' },
  CSRF: {
    status: 403,
    'zh-CN': '页面已过期，请刷新后重试',
    en: 'The page has expired; reload it and try again',
  },
  FORBIDDEN: { status: 403, 'zh-CN': '无权执行此操作', en: 'You are not allowed to do this' },
  OUT_OF_SCOPE: {
    status: 403,
    'zh-CN': '无权访问本辖区以外的数据',
    en: 'This data is outside your region',
  },
  NOT_FOUND: { status: 404, 'zh-CN': '未找到该记录', en: 'Not found' },
  CONFLICT: { status: 409, 'zh-CN': '与现有数据冲突', en: 'This conflicts with existing data' },
  VERSION_CONFLICT: {
    status: 409,
    'zh-CN': '该记录已被他人修改，请刷新后再保存',
    en: 'Someone else changed this record; reload it before saving',
  },
  ID_CONFLICT: {
    status: 409,
    'zh-CN': '身份证号已在全省其他户中登记，不能重复登记',
    en: 'An ID number is already registered in another household in the province',
  },
  RECORD_INVALID: {
    status: 422,
    'zh-CN': '记录未通过数据校验，请按提示修改',
    en: 'The record fails the data checks; correct the marked fields',
  },
  STEP_NOT_ALLOWED: {
    status: 409,
    'zh-CN': '当前环节不能办理此步骤（未到公示期满、未抽查或顺序不对）',
    en: 'This step cannot be taken now (notice period not over, no spot check, or out of order)',
  },
  YEAR_NOT_OPEN: {
    status: 409,
    'zh-CN': '该年度尚未开启动态调整',
    en: 'This year is not open for the yearly adjustment',
  },
  USERNAME_TAKEN: { status: 409, 'zh-CN': '用户名已被使用', en: 'This user name is taken' },
  WEAK_PASSWORD: {
    status: 400,
    'zh-CN': '密码至少 10 位，且须包含字母和数字',
    en: 'A password needs at least 10 characters with letters and digits',
  },
  JOB_NOT_CANCELLABLE: {
    status: 409,
    'zh-CN': '该任务已结束，无法取消',
    en: 'This job has finished and cannot be cancelled',
  },
  PAYLOAD_TOO_LARGE: { status: 413, 'zh-CN': '上传内容过大', en: 'The upload is too large' },
  RATE_LIMITED: {
    status: 429,
    'zh-CN': '请求过于频繁，请稍后再试',
    en: 'Too many requests; try again later',
  },
  INTERNAL: {
    status: 500,
    'zh-CN': '服务器内部错误，请稍后重试',
    en: 'Something went wrong on the server',
  },
} as const satisfies Record<string, { status: number; 'zh-CN': string; en: string }>;

export type ErrorCode = keyof typeof ERRORS;
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** The body of every error response. */
export interface ApiErrorBody {
  error: { code: ErrorCode; message: string; requestId?: string; details?: unknown };
}

/** Message for an error code in a locale. */
export function errorMessage(code: ErrorCode, locale: Locale): string {
  return ERRORS[code][locale];
}

/** Used in exhaustive switches: compiling proves every case is handled. */
export function assertUnreachable(value: never): never {
  throw new Error(`unhandled case: ${String(value)}`);
}
