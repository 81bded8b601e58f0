import { Alert, Button, Card, Center, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError, api, apiPath, pendingPath, request } from '../api/client';
import { session } from './session';

const ROLE_KEY = 'hydra.role';
export type Role = 'admin' | 'domain' | 'unknown';
export const readRole = (): Role => (localStorage.getItem(ROLE_KEY) as Role | null) ?? 'unknown';

/** Paste a token (admin or domain). It is checked against the API, then kept in localStorage. */
export function SignInPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [token, setToken] = useState('');
  const [domain, setDomain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reason = params.get('reason');

  const submit = async () => {
    setBusy(true);
    setError(null);
    const previous = session.get();
    session.signIn(token.trim(), domain.trim() || null);
    try {
      await api.get(apiPath('/api/workers'));
      let role: Role = 'unknown';
      try {
        await request('GET', pendingPath('/api/admin/domains'));
        role = 'admin';
      } catch (e) {
        if (e instanceof ApiError && e.status === 403) role = 'domain';
      }
      localStorage.setItem(ROLE_KEY, role);
      navigate(params.get('next') ?? '/', { replace: true });
    } catch (e) {
      if (previous.token) session.signIn(previous.token, previous.domain);
      else session.signOut();
      setError(e instanceof ApiError && e.status === 401 ? `The API refused this token: ${e.message}` : e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" bg="gray.0">
      <Card withBorder shadow="sm" w={440} p="xl">
        <form onSubmit={(e) => { e.preventDefault(); void submit(); }} aria-label="Sign in">
          <Stack>
            <Title order={2}>Hydra control plane</Title>
            <Text size="sm" c="dimmed">Paste the admin token (printed by <code>scripts/run.sh</code>) or a domain token.</Text>
            {reason && <Alert color="yellow" title="Signed out" data-testid="signin-reason">{reason}</Alert>}
            {error && <Alert color="red" role="alert">{error}</Alert>}
            <PasswordInput label="Token" required autoFocus value={token} onChange={(e) => setToken(e.currentTarget.value)} autoComplete="off" />
            <TextInput label="Domain (admin only, optional)" description="Empty: see every domain; writes go to the admin domain" value={domain} onChange={(e) => setDomain(e.currentTarget.value)} />
            <Button type="submit" loading={busy} disabled={!token.trim()}>Sign in</Button>
          </Stack>
        </form>
      </Card>
    </Center>
  );
}
