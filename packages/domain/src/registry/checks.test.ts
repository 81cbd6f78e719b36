import { describe, expect, it } from 'vitest';
import { checkHousehold, checkMember, checkVillageCode, isMobilePhone } from './checks.js';
import { makeIdNumber } from './idNumber.js';
import type { HouseholdInput, MemberInput } from './inputs.js';
import { hasErrors, type Issue } from './issues.js';

const asOf = '2015-08-31';

/** Findings as 'severity code @field' strings, easy to compare. */
function found(issues: readonly Issue[]): string[] {
  return issues.map((i) => `${i.severity} ${i.code} @${i.field}`);
}

function head(overrides: Partial<MemberInput> = {}): MemberInput {
  return {
    name: '张建国',
    sex: '男',
    idNumber: makeIdNumber('420222', '1965-03-12', 31, '男'),
    birthDate: '1965-03-12',
    relation: '户主',
    ethnicity: '汉族',
    education: '初中',
    health: '健康',
    labourSkill: '普通劳动力',
    monthsWorked: 6,
    workPlace: '县外省内',
    ...overrides,
  };
}

function spouse(overrides: Partial<MemberInput> = {}): MemberInput {
  return {
    name: '李秀英',
    sex: '女',
    idNumber: makeIdNumber('420222', '1967-06-01', 42, '女'),
    relation: '配偶',
    education: '小学',
    health: '长期慢性病',
    labourSkill: '弱劳动力或半劳动力',
    ...overrides,
  };
}

function son(overrides: Partial<MemberInput> = {}): MemberInput {
  return {
    name: '张伟',
    sex: '男',
    idNumber: makeIdNumber('420222', '2003-09-10', 57, '男'),
    relation: '之子',
    schoolStatus: '初中',
    health: '健康',
    labourSkill: '无劳动力',
    ...overrides,
  };
}

function household(overrides: Partial<HouseholdInput> = {}): HouseholdInput {
  return {
    villageCode: '420222105201',
    phone: '13812345678',
    attribute: '一般贫困户',
    mainCause: '因病',
    otherCauses: ['缺技术'],
    status: '未脱贫',
    members: [head(), spouse(), son()],
    ...overrides,
  };
}

/** A member born on `birthDate`, checked on its own. */
function checkAged(birthDate: string, overrides: Partial<MemberInput> = {}): string[] {
  const m = son({
    idNumber: makeIdNumber('420222', birthDate, 81, '男'),
    schoolStatus: null,
    education: '初中',
    ...overrides,
  });
  return found(checkMember(m, { asOf }));
}

describe('checkHousehold: a clean household', () => {
  it('has no findings', () => {
    expect(checkHousehold(household(), { asOf })).toEqual([]);
  });
});

describe('ID numbers', () => {
  it('reports a wrong check digit with the expected digit in both languages', () => {
    const issues = checkMember(head({ idNumber: '11010519491231002' + '1', birthDate: null }), {
      asOf,
      path: 'members[0]',
    });
    expect(issues).toEqual([
      {
        severity: 'error',
        code: 'member.idNumber.checkDigit',
        field: 'members[0].idNumber',
        message: { 'zh-CN': '身份证号校验位错误，应为 X', en: 'Wrong check digit; it should be X' },
        params: { expected: 'X' },
      },
    ]);
  });

  it('requires an ID number', () => {
    expect(found(checkMember(head({ idNumber: ' ' }), { asOf }))).toEqual(['error member.idNumber.required @idNumber']);
  });

  it('flags placeholder numbers as a warning only', () => {
    const issues = checkMember(head({ idNumber: '999999999999999999' }), { asOf });
    expect(found(issues)).toEqual(['warning member.idNumber.placeholder @idNumber']);
    expect(hasErrors(issues)).toBe(false);
  });

  it('asks for the 18-digit form of an old 15-digit number', () => {
    const issues = checkMember(head({ idNumber: '110105491231002', sex: '女', birthDate: '1949-12-31' }), { asOf });
    expect(found(issues)).toEqual(['error member.idNumber.legacy @idNumber']);
    expect(issues[0]?.message['zh-CN']).toBe('这是15位旧身份证号，请改为18位：11010519491231002X');
  });

  it('accepts a disability certificate and wants health 残疾 with it', () => {
    const cert = `${makeIdNumber('420222', '1965-03-12', 31, '男')}43`;
    expect(found(checkMember(head({ idNumber: cert, health: '残疾' }), { asOf }))).toEqual([]);
    expect(found(checkMember(head({ idNumber: cert }), { asOf }))).toEqual([
      'warning member.health.disabilityCertificate @health',
    ]);
    expect(found(checkMember(head({ idNumber: `${cert.slice(0, 18)}93` }), { asOf }))).toEqual([
      'error member.idNumber.category @idNumber',
    ]);
  });
});

describe('birth date and sex against the ID', () => {
  it('reports a birth date that differs from the ID', () => {
    const issues = checkMember(head({ birthDate: '1965-03-21' }), { asOf });
    expect(found(issues)).toEqual(['error member.birthDate.mismatch @birthDate']);
    expect(issues[0]?.message['zh-CN']).toBe('出生日期与身份证号不一致，应为 1965-03-12');
  });

  it('reports a malformed birth date', () => {
    expect(found(checkMember(head({ birthDate: '1965-3-12' }), { asOf }))).toEqual([
      'error member.birthDate.format @birthDate',
    ]);
  });

  it('reports a sex that differs from the ID', () => {
    const issues = checkMember(head({ sex: '女' }), { asOf });
    expect(found(issues)).toEqual(['error member.sex.mismatch @sex']);
    expect(issues[0]?.message).toEqual({
      'zh-CN': '性别与身份证号不一致，应为“男”',
      en: 'The sex does not match the ID number; it should be male',
    });
  });

  it('without a usable ID, needs a sex and rejects a future birth date', () => {
    const m = head({ idNumber: '999999999999999999', sex: null, birthDate: '2015-09-01' });
    expect(found(checkMember(m, { asOf }))).toEqual([
      'warning member.idNumber.placeholder @idNumber',
      'error member.birthDate.future @birthDate',
      'error member.sex.required @sex',
    ]);
  });

  it('reads age from the birth date when the ID is a placeholder', () => {
    const m = son({ idNumber: '999999999999999999', birthDate: '2005-01-01' });
    expect(found(checkMember({ ...m, labourSkill: '普通劳动力' }, { asOf }))).toContain(
      'error member.labourSkill.underAge @labourSkill',
    );
  });

  it('rejects an ID whose birth date is after asOf', () => {
    const m = son({ idNumber: makeIdNumber('420222', '2015-09-01', 57, '男'), schoolStatus: null });
    expect(found(checkMember(m, { asOf }))).toEqual(['error member.idNumber.birthDateFuture @idNumber']);
  });
});

describe('name and relation', () => {
  it('are required', () => {
    expect(found(checkMember(head({ name: '', relation: null }), { asOf }))).toEqual([
      'error member.name.required @name',
      'error member.relation.required @relation',
    ]);
  });
});

describe('education and school status', () => {
  it('may not both be filled', () => {
    expect(found(checkMember(son({ education: '小学' }), { asOf }))).toEqual([
      'error member.education.withSchoolStatus @education',
    ]);
  });

  it('are fine one at a time, or both empty', () => {
    expect(checkMember(son(), { asOf })).toEqual([]);
    expect(checkMember(head(), { asOf })).toEqual([]);
    expect(checkMember(head({ education: null }), { asOf })).toEqual([]);
  });
});

describe('months worked and work place', () => {
  it('are filled together or not at all', () => {
    expect(checkMember(head({ monthsWorked: null, workPlace: null }), { asOf })).toEqual([]);
    expect(checkMember(head({ monthsWorked: 0, workPlace: '' }), { asOf })).toEqual([]);
    expect(found(checkMember(head({ workPlace: null }), { asOf }))).toEqual([
      'error member.work.missingPlace @workPlace',
    ]);
    expect(found(checkMember(head({ monthsWorked: 0 }), { asOf }))).toEqual([
      'error member.work.missingMonths @monthsWorked',
    ]);
  });

  it('months are a whole number from 0 to 12', () => {
    expect(checkMember(head({ monthsWorked: 12 }), { asOf })).toEqual([]);
    for (const monthsWorked of [13, -1, 2.5]) {
      expect(found(checkMember(head({ monthsWorked }), { asOf }))).toEqual([
        'error member.monthsWorked.range @monthsWorked',
      ]);
    }
  });
});

describe('labour skill by age', () => {
  it('under 16 must be 无劳动力', () => {
    expect(checkAged('2000-01-01', { labourSkill: '普通劳动力' })).toEqual([
      'error member.labourSkill.underAge @labourSkill',
    ]);
    expect(checkAged('2000-01-01', { labourSkill: '无劳动力' })).toEqual([]);
  });

  it('the day before the 16th birthday is still under 16', () => {
    expect(checkAged('1999-09-01', { labourSkill: '技能劳动力' })).toEqual([
      'error member.labourSkill.underAge @labourSkill',
    ]);
  });

  it('exactly 16 may be labour', () => {
    expect(checkAged('1999-08-31', { labourSkill: '普通劳动力' })).toEqual([]);
  });

  it('flags healthy 16–60-year-olds out of school recorded as 无劳动力, boundaries included', () => {
    const flagged = ['warning member.labourSkill.ableBodied @labourSkill'];
    expect(checkAged('1999-08-31', { labourSkill: '无劳动力' })).toEqual(flagged); // 16 today
    expect(checkAged('1955-08-31', { labourSkill: '无劳动力' })).toEqual(flagged); // 60 today
    expect(checkAged('1955-09-01', { labourSkill: '无劳动力' })).toEqual(flagged); // 59
    expect(checkAged('1954-08-31', { labourSkill: '无劳动力' })).toEqual([]); // 61 today
    expect(checkAged('1999-09-01', { labourSkill: '无劳动力' })).toEqual([]); // 15
  });

  it('does not flag members in school or not healthy', () => {
    const base = { labourSkill: '无劳动力' as const };
    expect(checkAged('1997-05-01', { ...base, education: null, schoolStatus: '高中' })).toEqual([]);
    expect(checkAged('1970-05-01', { ...base, health: '患有大病' })).toEqual([]);
  });

  it('uses 29 February birthdays correctly in common years', () => {
    const m = son({
      idNumber: makeIdNumber('420222', '2000-02-29', 81, '男'),
      schoolStatus: null,
      labourSkill: '普通劳动力',
    });
    expect(found(checkMember(m, { asOf: '2016-02-28' }))).toEqual(['error member.labourSkill.underAge @labourSkill']);
    expect(checkMember(m, { asOf: '2016-02-29' })).toEqual([]);
  });
});

describe('household composition', () => {
  it('needs at least one member', () => {
    expect(found(checkHousehold(household({ members: [] }), { asOf }))).toEqual([
      'error household.members.empty @members',
    ]);
  });

  it('needs a head', () => {
    expect(found(checkHousehold(household({ members: [spouse(), son()] }), { asOf }))).toEqual([
      'error household.head.missing @members',
    ]);
  });

  it('allows only one head', () => {
    const second = head({
      name: '张建军',
      idNumber: makeIdNumber('420222', '1968-01-01', 11, '男'),
      birthDate: null,
    });
    expect(found(checkHousehold(household({ members: [head(), second] }), { asOf }))).toEqual([
      'error household.head.multiple @members[1].relation',
    ]);
  });

  it('allows at most one spouse', () => {
    const other = spouse({ name: '王芳', idNumber: makeIdNumber('420222', '1970-02-02', 8, '女') });
    expect(found(checkHousehold(household({ members: [head(), spouse(), other] }), { asOf }))).toEqual([
      'error household.spouse.multiple @members[2].relation',
    ]);
  });

  it('wants the spouse of the other sex than the head', () => {
    const sameSex = spouse({ sex: '男', idNumber: makeIdNumber('420222', '1967-06-01', 43, '男') });
    expect(found(checkHousehold(household({ members: [head(), sameSex] }), { asOf }))).toEqual([
      'error household.spouse.sameSex @members[1].sex',
    ]);
    const femaleHead = head({
      sex: '女',
      idNumber: makeIdNumber('420222', '1965-03-12', 30, '女'),
    });
    const husband = spouse({ sex: '男', idNumber: makeIdNumber('420222', '1967-06-01', 43, '男') });
    expect(checkHousehold(household({ members: [femaleHead, husband] }), { asOf })).toEqual([]);
  });

  it('reports an ID number repeated inside the household, naming the first holder', () => {
    const twin = son({ name: '张强' });
    const issues = checkHousehold(household({ members: [head(), spouse(), son(), twin] }), {
      asOf,
    });
    expect(found(issues)).toEqual(['error household.idNumber.duplicate @members[3].idNumber']);
    expect(issues[0]?.message['zh-CN']).toBe('身份证号与第3位成员重复');
  });

  it('sees an old 15-digit number and its 18-digit form as the same person', () => {
    const old = head({ idNumber: '110105491231002', sex: '女', birthDate: null, relation: '之母' });
    const now = head({
      idNumber: '11010519491231002X',
      sex: '女',
      birthDate: null,
      relation: '其他',
    });
    const issues = checkHousehold(household({ members: [head(), old, now] }), { asOf });
    expect(found(issues)).toContain('error household.idNumber.duplicate @members[2].idNumber');
  });

  it('does not call two placeholder numbers duplicates', () => {
    const a = son({ idNumber: '999999999999999999', birthDate: '2010-01-01' });
    const b = son({ idNumber: '999999999999999999', birthDate: '2012-01-01', name: '张敏' });
    const issues = checkHousehold(household({ members: [head(), a, b] }), { asOf });
    expect(found(issues)).toEqual([
      'warning member.idNumber.placeholder @members[1].idNumber',
      'warning member.idNumber.placeholder @members[2].idNumber',
    ]);
  });
});

describe('household fields', () => {
  it('phone is 11 digits starting with 1, or empty', () => {
    expect(isMobilePhone('13812345678')).toBe(true);
    expect(checkHousehold(household({ phone: null }), { asOf })).toEqual([]);
    for (const phone of ['23812345678', '1381234567', '138123456789', '0714-1234567']) {
      expect(found(checkHousehold(household({ phone }), { asOf }))).toEqual(['error household.phone.format @phone']);
    }
  });

  it('village code is 12 digits of a 村委会', () => {
    expect(checkVillageCode('420222105201')).toEqual([]);
    expect(checkVillageCode('420222105399')).toEqual([]);
    expect(found(checkVillageCode('42022210520'))).toEqual(['error household.villageCode.format @villageCode']);
    expect(found(checkVillageCode('420222001101'))).toEqual(['warning household.villageCode.notVillage @villageCode']);
    expect(found(checkVillageCode('420222105400', true))).toEqual([
      'error household.villageCode.notVillage @villageCode',
    ]);
    const inCommunity = household({ villageCode: '420222001101' });
    expect(found(checkHousehold(inCommunity, { asOf, requireVillageCommittee: true }))).toEqual([
      'error household.villageCode.notVillage @villageCode',
    ]);
  });

  it('has one main cause and at most two distinct other causes', () => {
    expect(found(checkHousehold(household({ mainCause: null }), { asOf }))).toEqual([
      'error household.mainCause.required @mainCause',
    ]);
    expect(found(checkHousehold(household({ otherCauses: ['缺技术', '缺资金', '因学'] }), { asOf }))).toEqual([
      'error household.otherCauses.tooMany @otherCauses',
    ]);
    expect(found(checkHousehold(household({ otherCauses: ['因病'] }), { asOf }))).toEqual([
      'error household.otherCauses.duplicate @otherCauses',
    ]);
    expect(checkHousehold(household({ otherCauses: ['缺技术', '缺资金'] }), { asOf })).toEqual([]);
  });

  it('prefixes member findings with their position', () => {
    const members = [head(), spouse({ sex: '男' })];
    expect(found(checkHousehold(household({ members }), { asOf }))).toEqual([
      'error member.sex.mismatch @members[1].sex',
    ]);
  });
});
