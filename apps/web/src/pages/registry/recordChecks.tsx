import { translate } from '../../i18n';
import { Alert, Form, type FormItemProps } from 'antd';
import { createContext, useCallback, useContext, useMemo, useState } from 'react';
import type { IsoDate } from '@fupin/domain';
import type { RecordIssue } from '../../api/registry';
import { useI18n } from '../../i18n';
import {
  checkForm,
  idKey,
  issuePath,
  MEMBERS_KEY,
  pathKey,
  type FieldPath,
  type HouseholdFormValues,
} from './householdForm';

/** What the server refused, with the field's value at that moment: shown until the field changes. */
interface ServerIssue {
  issue: RecordIssue;
  path: FieldPath;
  value: string;
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let current: unknown = root;
  for (const step of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = Reflect.get(current, step);
  }
  return current;
}

const snapshot = (value: unknown): string => JSON.stringify(value ?? null);

export interface RecordChecks {
  /** Every current finding: the live domain checks, plus the server's answers still relevant. */
  issues: RecordIssue[];
  /** Findings of one field. */
  issuesAt: (path: FieldPath) => RecordIssue[];
  /** Remembers the issues of a 422 against the values that were sent. */
  rememberServerIssues: (issues: RecordIssue[], sent: HouseholdFormValues) => void;
  /** Remembers the ID numbers of a 409 ID_CONFLICT. */
  rememberConflicts: (idNumbers: string[]) => void;
}

/** Runs the registry's checks on every change and keeps the server's findings until their field changes. */
export function useRecordChecks(values: HouseholdFormValues, asOf: IsoDate): RecordChecks {
  const [serverIssues, setServerIssues] = useState<ServerIssue[]>([]);
  const [conflicts, setConflicts] = useState<ReadonlySet<string>>(new Set());

  const issues = useMemo(() => {
    const live = checkForm(values, asOf);
    const conflicting: RecordIssue[] = values.members.flatMap((member, index) =>
      conflicts.has(idKey(member.idNumber))
        ? [
            {
              severity: 'error',
              code: 'ID_CONFLICT',
              field: `members[${index}].idNumber`,
              message: {
                'zh-CN': translate('zh-CN', 'registry.form.idConflict'),
                en: translate('en', 'registry.form.idConflict'),
              },
            },
          ]
        : [],
    );
    const server = serverIssues.filter((s) => snapshot(valueAt(values, s.path)) === s.value).map((s) => s.issue);
    const seen = new Set<string>();
    return [...live, ...conflicting, ...server].filter((issue) => {
      const id = `${issue.field}|${issue.code}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
  }, [values, asOf, conflicts, serverIssues]);

  const byField = useMemo(() => {
    const map = new Map<string, RecordIssue[]>();
    for (const issue of issues) {
      const key = pathKey(issuePath(issue.field));
      map.set(key, [...(map.get(key) ?? []), issue]);
    }
    return map;
  }, [issues]);

  const issuesAt = useCallback((path: FieldPath) => byField.get(pathKey(path)) ?? [], [byField]);

  const rememberServerIssues = useCallback((found: RecordIssue[], sent: HouseholdFormValues) => {
    setServerIssues(
      found.map((issue) => {
        const path = issuePath(issue.field);
        return { issue, path, value: snapshot(valueAt(sent, path)) };
      }),
    );
  }, []);

  const rememberConflicts = useCallback((idNumbers: string[]) => setConflicts(new Set(idNumbers.map(idKey))), []);

  return { issues, issuesAt, rememberServerIssues, rememberConflicts };
}

interface IssueDisplay {
  issuesAt: (path: FieldPath) => RecordIssue[];
  /** Show findings of untouched fields too (after a save attempt, or when editing a stored record). */
  showAll: boolean;
}

const IssueContext = createContext<IssueDisplay>({ issuesAt: () => [], showAll: false });

/** Gives the form's fields their findings. */
export const IssueProvider = IssueContext.Provider;

function IssueMessages({ issues }: { issues: RecordIssue[] }) {
  const { locale } = useI18n();
  return (
    <>
      {issues.map((issue) => (
        <div key={issue.code} className={`record-issue record-issue-${issue.severity}`} data-issue={issue.code}>
          {issue.message[locale]}
        </div>
      ))}
    </>
  );
}

/** The findings of one field to show now: after the user touched it, or all once `showAll`. */
function useVisibleIssues(path: FieldPath): RecordIssue[] {
  const { issuesAt, showAll } = useContext(IssueContext);
  const form = Form.useFormInstance();
  const issues = issuesAt(path);
  if (issues.length === 0) return issues;
  const touched = path[0] === MEMBERS_KEY && path.length === 1 ? form.isFieldsTouched() : form.isFieldTouched(path);
  return showAll || touched ? issues : [];
}

export interface CheckedItemProps extends FormItemProps {
  /** The field's full name path (inside a Form.List, `name` is relative). */
  path: FieldPath;
}

/** A Form.Item whose help line shows the registry checks' findings for its field, errors in red. */
export function CheckedItem({ path, help, ...props }: CheckedItemProps) {
  const issues = useVisibleIssues(path);
  const status = issues.some((i) => i.severity === 'error') ? 'error' : issues.length > 0 ? 'warning' : undefined;
  return (
    <Form.Item {...props} validateStatus={status} help={issues.length > 0 ? <IssueMessages issues={issues} /> : help} />
  );
}

/** Findings about the member list as a whole (no head of household, no members). */
export function MemberListIssues() {
  const issues = useVisibleIssues([MEMBERS_KEY]);
  const { locale } = useI18n();
  if (issues.length === 0) return null;
  return (
    <Alert
      type={issues.some((i) => i.severity === 'error') ? 'error' : 'warning'}
      showIcon
      className="block-alert"
      title={issues.map((i) => i.message[locale]).join('；')}
    />
  );
}
