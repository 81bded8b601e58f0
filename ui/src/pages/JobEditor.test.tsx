import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { emptyForm, errorsFor, fromDocument, toDocument } from '../lib/jobForm';
import { mockFetch, renderWithProviders } from '../test/render';
import { JobEditor } from './JobEditor';

const invalid = {
  valid: false,
  errors: ['executor.script is required for a shell executor', 'schedule.cron is not a valid cron expression'],
  field_errors: {
    'executor.script': ['is required for a shell executor'],
    'schedule.cron': ['is not a valid cron expression'],
    'labels.x': ['is not known'],
  },
  next_run_at: null,
  next_runs: [],
};

afterEach(() => vi.unstubAllGlobals());

describe('job editor: validation display', () => {
  it('shows the live validation errors on their own fields once the user edits', async () => {
    mockFetch((url) => (url.startsWith('/api/jobs/validate') ? { status: 200, body: invalid } : undefined));
    renderWithProviders(<JobEditor initial={{ ...emptyForm(), mode: 'cron', cron: 'nope' }} />);
    // Nothing is marked before the user touches the form.
    expect(screen.queryByText('is required for a shell executor')).not.toBeInTheDocument();

    await userEvent.type(screen.getByLabelText(/^Name/), 'nightly');
    const script = screen.getByLabelText('Script');
    await waitFor(() => expect(script).toHaveAttribute('aria-invalid', 'true'));
    expect(screen.getByText('is required for a shell executor')).toBeInTheDocument();
    expect(screen.getByLabelText('Cron expression')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('is not a valid cron expression')).toBeInTheDocument();
    // A field the editor has no control for is still shown, at the top.
    expect(screen.getByText(/labels\.x/)).toBeInTheDocument();
    expect(screen.getByLabelText(/^Name/)).not.toHaveAttribute('aria-invalid', 'true');
  });

  it('shows the errors of a refused create (400 problem+json) on the fields and the detail as a message', async () => {
    const calls = mockFetch((url, init) => {
      if (url.startsWith('/api/jobs/validate')) return { status: 200, body: { valid: true, errors: [], field_errors: {}, next_run_at: null, next_runs: [] } };
      if (url === '/api/jobs' && init.method === 'POST')
        return { status: 400, body: { title: 'The request is not valid.', detail: 'name must not be empty.', errors: { name: ['must not be empty'] } } };
      return undefined;
    });
    renderWithProviders(<JobEditor initial={{ ...emptyForm(), name: ' ', script: 'echo hi' }} />);
    await userEvent.click(screen.getByRole('button', { name: 'Create job' }));
    await waitFor(() => expect(calls.some((c) => c.url === '/api/jobs')).toBe(true));
    await waitFor(() => expect(screen.getByLabelText(/^Name/)).toHaveAttribute('aria-invalid', 'true'));
    expect(screen.getByText('must not be empty')).toBeInTheDocument();
    expect(screen.getByTestId('editor-message')).toHaveTextContent('name must not be empty.');
    const post = calls.find((c) => c.url === '/api/jobs');
    expect(post?.body).toMatchObject({ executor: { type: 'shell', script: 'echo hi', shell: 'bash' }, schedule: { mode: 'immediate' } });
  });

  it('sends every executor type with its own fields', () => {
    const python = toDocument({ ...emptyForm(), executorType: 'python', code: 'print(1)', pyEnvType: 'uv', pythonVersion: '3.12', requirements: ['rich'] });
    expect(python.executor).toMatchObject({ type: 'python', code: 'print(1)', interpreter: 'python3', environment: { type: 'uv', python_version: '3.12', requirements: ['rich'] } });
    const external = toDocument({ ...emptyForm(), executorType: 'external', command: '/bin/echo', args: ['a', 'b'] });
    expect(external.executor).toMatchObject({ type: 'external', command: '/bin/echo', args: ['a', 'b'] });
    const batch = toDocument({ ...emptyForm(), executorType: 'batch', script: 'dir' });
    expect(batch.executor).toMatchObject({ type: 'batch', script: 'dir', shell: 'cmd' });
    const interval = toDocument({ ...emptyForm(), mode: 'interval', intervalValue: 5, intervalUnit: 'min', misfire: 'skip', overlap: 'forbid' });
    expect(interval.schedule).toMatchObject({ mode: 'interval', interval_seconds: 300, misfire: 'skip', overlap: 'forbid' });
    // A round trip keeps what the user entered.
    const back = fromDocument(interval);
    expect(back.intervalValue).toBe(5);
    expect(back.intervalUnit).toBe('min');
  });

  it('maps nested field paths to the control that owns them', () => {
    const errors = { 'affinity.tags[2]': ['must not be empty'], 'executor.env.A-B': ['bad'] };
    expect(errorsFor(errors, 'affinity.tags')).toBe('affinity.tags[2]: must not be empty');
    expect(errorsFor(errors, 'executor.env')).toBe('executor.env.A-B: bad');
    expect(errorsFor(errors, 'name')).toBeUndefined();
  });
});
