import { SearchOutlined } from '@ant-design/icons';
import { AutoComplete, Empty, Input, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { isAbortError } from '../../api/client';
import { searchRegions } from '../../api/regions';
import type { RegionSearchHit } from '../../api/types';
import { useCurrentUser } from '../../auth/AuthProvider';
import { PoorTags } from '../../components/PoorTags';
import { formatPath } from '../../format';
import { useDebouncedValue } from '../../hooks/useDebouncedValue';
import { useNotifyError } from '../../hooks/useErrorText';
import { useI18n } from '../../i18n';
import { levelLabel } from '../../i18n/labels';

const DEBOUNCE_MS = 300;

/** Finds a township or village by name within the user's scope and opens its page. */
export function RegionSearch() {
  const { t } = useI18n();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const notifyError = useNotifyError();
  const [text, setText] = useState('');
  const [hits, setHits] = useState<RegionSearchHit[]>([]);
  const [loading, setLoading] = useState(false);
  const query = useDebouncedValue(text.trim(), DEBOUNCE_MS);

  useEffect(() => {
    if (!query) {
      setHits([]);
      return undefined;
    }
    const controller = new AbortController();
    setLoading(true);
    searchRegions({ q: query, under: user.regionCode, limit: 20 }, controller.signal).then(
      (result) => {
        setHits(result.items);
        setLoading(false);
      },
      (error: unknown) => {
        if (isAbortError(error)) return;
        setLoading(false);
        notifyError(error);
      },
    );
    return () => controller.abort();
  }, [query, user.regionCode, notifyError]);

  const options = hits.map((hit) => ({
    value: hit.code,
    label: (
      <div className="search-option">
        <Space size={6} wrap>
          <Typography.Text strong>{hit.name}</Typography.Text>
          <Tag>{levelLabel(t, hit.level)}</Tag>
          <PoorTags level={hit.level} poor={hit.poor} />
        </Space>
        <Typography.Text type="secondary" className="search-option-path">
          {formatPath(hit.path.filter((ref) => ref.code !== hit.code))}
        </Typography.Text>
      </div>
    ),
  }));

  return (
    <AutoComplete
      className="region-search"
      options={options}
      value={text}
      onChange={(value: string) => setText(value)}
      onSelect={(code: string) => {
        setText('');
        void navigate(`/regions/${code}`);
      }}
      popupMatchSelectWidth={360}
      notFoundContent={
        query ? (
          loading ? (
            <Spin size="small" />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('region.searchEmpty')} />
          )
        ) : null
      }
    >
      <Input
        allowClear
        prefix={<SearchOutlined />}
        placeholder={t('region.search')}
        aria-label={t('region.search')}
        data-testid="region-search"
      />
    </AutoComplete>
  );
}
