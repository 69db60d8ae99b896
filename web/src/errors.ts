import { ApiError } from './api';
import { byId, h } from './dom';
import { t } from './i18n';

/** Shows an API error with its code in the page's alert region (announced by screen readers). */
export function showError(e: unknown): void {
  const code = e instanceof ApiError ? e.code : 'CLIENT_ERROR';
  const message = e instanceof Error ? e.message : String(e);
  const list = byId('errors');
  const dismiss = h('button', { type: 'button', class: 'link' }, t('dismiss'));
  const item = h(
    'li',
    { 'data-code': code },
    h('strong', {}, `${t('error')} ${code}`),
    `: ${message} `,
    dismiss,
  );
  dismiss.addEventListener('click', () => item.remove());
  list.append(item);
}

export function clearErrors(): void {
  byId('errors').replaceChildren();
}
