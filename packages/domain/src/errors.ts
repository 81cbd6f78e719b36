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
  TEAM_TOO_FEW_UNITS: {
    status: 422,
    'zh-CN': '驻村工作队的帮扶单位数量不足（不少于规定数量）',
    en: 'A work team needs at least the minimum number of helping units',
  },
  TEAM_VILLAGE_STILL_POOR: {
    status: 409,
    'zh-CN': '该村尚未出列，工作队不能撤离，须有接替工作队（不脱贫不脱钩）',
    en: 'The village has not exited poverty: the team can only end when a successor team takes over',
  },
  TEAM_ENDED: { status: 409, 'zh-CN': '该工作队已撤离', en: 'This work team has already ended' },
  FIRST_SECRETARY_SERVING: {
    status: 409,
    'zh-CN': '该村已有在任第一书记',
    en: 'This village already has a serving first secretary',
  },
  PAIRING_DUPLICATE: {
    status: 409,
    'zh-CN': '该帮扶责任人已与此户结对',
    en: 'This helper is already paired with this household',
  },
  HELPER_OVER_LIMIT: {
    status: 409,
    'zh-CN': '该帮扶责任人结对户数已达上限',
    en: 'This helper already has the maximum number of households',
  },
  HELPER_REGION_MISMATCH: {
    status: 422,
    'zh-CN': '该户不在帮扶责任人的帮扶区域内',
    en: "The household is outside the helper's assigned region",
  },
  HELPER_INACTIVE: { status: 409, 'zh-CN': '该帮扶干部已停用', en: 'This helper is no longer active' },
  HOUSEHOLD_NOT_ASSISTED: {
    status: 409,
    'zh-CN': '该户不是未脱贫或返贫户，无需结对',
    en: 'Only households not yet out of poverty (or relapsed) are paired',
  },
  UNIT_KIND_MISMATCH: {
    status: 422,
    'zh-CN': '所选单位类型与联系类型不符',
    en: 'The unit kind does not fit this kind of link',
  },
  REBALANCE_INCOMPLETE: {
    status: 409,
    'zh-CN': '部分户无可接手的帮扶责任人（区域或户数上限），未作调整',
    en: 'Some households have no helper who can take them (region or limit); nothing was changed',
  },
  STANDARDS_INVALID: {
    status: 422,
    'zh-CN': '退出标准中有数值超出范围，请按提示修改',
    en: 'Some numbers of the exit standards are out of range; correct the marked fields',
  },
  EVALUATION_RUNNING: {
    status: 409,
    'zh-CN': '该区划本年度的评估正在进行，请等待完成',
    en: 'An evaluation of this year is already running for this region',
  },
  NOT_EVALUATED: {
    status: 409,
    'zh-CN': '该年度尚未评估，请先运行退出评估',
    en: 'This year has not been evaluated; run the exit evaluation first',
  },
  EXIT_NOT_ALLOWED: {
    status: 409,
    'zh-CN': '不能办理退出：未达到退出标准、已有在办申请，或不是贫困户（村、县）',
    en: 'Exit cannot be proposed: the standard is not met, a case is already open, or it is not poor',
  },
  PAYLOAD_TOO_LARGE: { status: 413, 'zh-CN': '上传内容过大', en: 'The upload is too large' },
  RATE_LIMITED: {
    status: 429,
    'zh-CN': '请求过于频繁，请稍后再试',
    en: 'Too many requests; try again later',
  },
  PLAN_ITEM_IN_USE: {
    status: 409,
    'zh-CN': '该帮扶计划项目已有落实的措施，不能删除，可改为“已取消”',
    en: 'Measures are recorded against this plan item; it cannot be deleted, but it can be cancelled',
  },
  WALL_CARD_INVALID: {
    status: 404,
    'zh-CN': '校验未通过：此公示卡不是本系统签发的，或二维码已损坏',
    en: 'Verification failed: this card was not issued by the system, or its QR code is damaged',
  },
  PLAN_VILLAGE_ONLY: {
    status: 400,
    'zh-CN': '逐年计划脱贫户数按村填写，乡镇、县的数字由各村汇总',
    en: 'Planned exits per year are entered for villages; townships and counties show the sum of their villages',
  },
  PLAN_AFTER_PARENT: {
    status: 422,
    'zh-CN': '计划年份不能晚于上级（县或市州）的计划摘帽年份',
    en: 'The planned year cannot be later than the planned exit year of the county or prefecture above',
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
