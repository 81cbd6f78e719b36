import { App, Empty, Form, Modal, Select, Table } from 'antd';
import type { FormInstance, FormProps, SelectProps, TableProps } from 'antd';
import type { ReactNode } from 'react';
import { fetchHouseholdCadres } from '../../api/householdPlans';
import { useQuery } from '../../hooks/useQuery';
import { useSave } from '../../hooks/useSave';
import { SaveError } from './shared';

// What the plan, measure and visit tabs share: the modal that records one item (busy while saving,
// every finding of a refused save under the form) and the pieces of their forms and tables.

/** A modal form recording one item: `write` sends it; on success a message, then `onSaved`. */
export function RecordModal<T>({
  title,
  okId,
  form,
  savedText,
  write,
  onClose,
  onSaved,
  initialValues,
  onValuesChange,
  children,
}: {
  title: string;
  /** The id of the OK button (browser tests press it). */
  okId: string;
  form: FormInstance<T>;
  savedText: string;
  write: (values: T) => Promise<unknown>;
  onClose: () => void;
  onSaved: () => void;
  children: ReactNode;
} & Pick<FormProps<T>, 'initialValues' | 'onValuesChange'>) {
  const { message } = App.useApp();
  const { saving, error, save } = useSave(write, () => {
    void message.success(savedText);
    onSaved();
  });

  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      okButtonProps={{ id: okId }}
      destroyOnHidden
    >
      <Form<T>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onValuesChange={onValuesChange}
        onFinish={(values) => void save(values)}
      >
        {children}
      </Form>
      <SaveError error={error} />
    </Modal>
  );
}

/** The cadres a household's forms offer (its helpers first), as a select inside a `Form.Item`. */
export function CadreSelect({ householdKey, ...props }: { householdKey: string } & SelectProps<string>) {
  const cadres = useQuery((signal) => fetchHouseholdCadres(householdKey, signal), [householdKey]);
  return (
    <Select
      allowClear
      loading={cadres.loading}
      options={(cadres.data ?? []).map((c) => ({
        value: c.id,
        label: `${c.name}${c.unitName ? ` · ${c.unitName}` : ''}`,
      }))}
      {...props}
    />
  );
}

/** A compact table of a household's records, keyed by id, with its own empty text. */
export function RecordTable<T extends { id: string }>({
  emptyText,
  ...props
}: { emptyText: string } & Pick<TableProps<T>, 'columns' | 'dataSource' | 'pagination'> & {
    'data-testid': string;
  }) {
  return (
    <Table<T>
      rowKey="id"
      size="small"
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: <Empty description={emptyText} /> }}
      {...props}
    />
  );
}
