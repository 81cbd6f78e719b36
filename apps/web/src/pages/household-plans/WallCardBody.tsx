import { HOUSEHOLD_ATTRIBUTES, HOUSEHOLD_STATUSES, POVERTY_CAUSES, type WallCardContent } from '@fupin/domain';
import { useI18n } from '../../i18n';
import { useEnumText } from '../registry/enumText';
import { PlanStatusTag, formatYuanAmount, useMeasureTypeText } from './shared';

/** What a "十个到户" card shows: household (masked), responsible people with phones, plan, measures. */
export function WallCardBody({ card }: { card: WallCardContent }) {
  const { t } = useI18n();
  const enumText = useEnumText();
  const typeText = useMeasureTypeText();
  const h = card.household;
  return (
    <>
      <p className="wallcard-place" data-testid="wallcard-place">
        {h.place.join(' ')}
      </p>
      <h2 className="wallcard-section">{t('plans.card.household')}</h2>
      <table className="wallcard-table">
        <tbody>
          <tr>
            <th>{t('plans.card.head')}</th>
            <td data-testid="wallcard-head">{h.headName}</td>
            <th>{t('plans.card.householdNo')}</th>
            <td className="wallcard-mono">{h.householdNo}</td>
            <th>{t('plans.card.size')}</th>
            <td>{h.size}</td>
          </tr>
          <tr>
            <th>{t('plans.card.attribute')}</th>
            <td>{enumText(HOUSEHOLD_ATTRIBUTES, h.attribute)}</td>
            <th>{t('plans.card.mainCause')}</th>
            <td>{enumText(POVERTY_CAUSES, h.mainCause)}</td>
            <th>{t('plans.card.status')}</th>
            <td>{enumText(HOUSEHOLD_STATUSES, h.status)}</td>
          </tr>
        </tbody>
      </table>

      <h2 className="wallcard-section">{t('plans.card.people')}</h2>
      {card.people.length === 0 ? (
        <p className="wallcard-empty">{t('plans.card.noPeople')}</p>
      ) : (
        <table className="wallcard-table" data-testid="wallcard-people">
          <thead>
            <tr>
              <th>{t('plans.card.role')}</th>
              <th>{t('plans.card.name')}</th>
              <th>{t('plans.card.unit')}</th>
              <th>{t('plans.card.phone')}</th>
            </tr>
          </thead>
          <tbody>
            {card.people.map((p, i) => (
              <tr key={`${p.role}-${i}`}>
                <td>{t(`plans.card.role.${p.role}`)}</td>
                <td>{p.name}</td>
                <td>{p.unitName ?? '—'}</td>
                <td className="wallcard-mono">{p.phone ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2 className="wallcard-section">
        {t('plans.card.plan')}
        <span className="wallcard-progress">
          {t('plans.card.progress', { done: card.progress.done, items: card.progress.items })}
        </span>
      </h2>
      {card.planItems.length === 0 ? (
        <p className="wallcard-empty">{t('plans.card.noMeasures')}</p>
      ) : (
        <table className="wallcard-table" data-testid="wallcard-plan">
          <thead>
            <tr>
              <th>{t('plans.item.measureType')}</th>
              <th>{t('plans.item.target')}</th>
              <th>{t('plans.item.targetAmount')}</th>
              <th>{t('plans.item.dueDate')}</th>
              <th>{t('plans.item.status')}</th>
            </tr>
          </thead>
          <tbody>
            {card.planItems.map((item, i) => (
              <tr key={i}>
                <td>{typeText(item.measureType)}</td>
                <td className="wallcard-left">{item.target}</td>
                <td className="wallcard-right">{formatYuanAmount(item.targetAmount)}</td>
                <td className="wallcard-nowrap">{item.dueDate}</td>
                <td>
                  <PlanStatusTag status={item.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2 className="wallcard-section">{t('plans.card.measures')}</h2>
      {card.measures.length === 0 ? (
        <p className="wallcard-empty">{t('plans.card.noMeasures')}</p>
      ) : (
        <table className="wallcard-table" data-testid="wallcard-measures">
          <thead>
            <tr>
              <th>{t('plans.measure.date')}</th>
              <th>{t('plans.measure.measureType')}</th>
              <th>{t('plans.measure.content')}</th>
              <th>{t('plans.measure.amount')}</th>
              <th>{t('plans.measure.beneficiaries')}</th>
            </tr>
          </thead>
          <tbody>
            {card.measures.map((m, i) => (
              <tr key={i}>
                <td className="wallcard-nowrap">{m.date}</td>
                <td>{typeText(m.measureType)}</td>
                <td className="wallcard-left">{m.content}</td>
                <td className="wallcard-right">
                  {m.amount !== null ? formatYuanAmount(m.amount) : `${m.quantity ?? ''} ${m.unit ?? ''}`}
                </td>
                <td>{m.beneficiaries.join('、') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
