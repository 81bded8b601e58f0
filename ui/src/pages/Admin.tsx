import { ActionIcon, Alert, Button, Checkbox, Code, CopyButton, Group, Modal, PasswordInput, Stack, Table, Tabs, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, pendingPath } from '../api/client';
import type { AuditEntry, Domain, SecretName, TokenReply } from '../api/types';
import { Empty, QueryState } from '../components/States';
import { Time } from '../components/Time';

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function AdminPage() {
  return (
    <Stack>
      <Title order={2}>Admin</Title>
      <Tabs defaultValue="domains" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="domains">Domains</Tabs.Tab>
          <Tabs.Tab value="secrets">Secrets</Tabs.Tab>
          <Tabs.Tab value="audit">Audit log</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="domains" pt="md"><Domains /></Tabs.Panel>
        <Tabs.Panel value="secrets" pt="md"><Secrets /></Tabs.Panel>
        <Tabs.Panel value="audit" pt="md"><Audit /></Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

/** A new token is shown once, with a copy button; it cannot be read again. */
function TokenOnce({ reply, onClose }: { reply: TokenReply | null; onClose: () => void }) {
  return (
    <Modal opened={reply !== null} onClose={onClose} title={`Token for ${reply?.domain ?? ''}`}>
      <Stack>
        <Alert color="yellow">This token is shown once. Copy it now: only its hash is stored, and the previous token no longer works.</Alert>
        <Group wrap="nowrap">
          <Code block style={{ flex: 1, wordBreak: 'break-all' }} data-testid="new-token">{reply?.token}</Code>
          <CopyButton value={reply?.token ?? ''}>
            {({ copied, copy }) => (
              <Button onClick={copy} color={copied ? 'teal' : 'blue'} aria-label="Copy token">{copied ? 'Copied' : 'Copy'}</Button>
            )}
          </CopyButton>
        </Group>
        <Button variant="default" onClick={onClose}>Done</Button>
      </Stack>
    </Modal>
  );
}

function Domains() {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [display, setDisplay] = useState('');
  const [token, setToken] = useState<TokenReply | null>(null);
  const [deleting, setDeleting] = useState<Domain | null>(null);
  const [force, setForce] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const domains = useQuery({ queryKey: ['domains'], queryFn: ({ signal }) => api.get<Domain[]>(pendingPath('/api/admin/domains'), undefined, signal), retry: false });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['domains'] });
  const create = useMutation({
    mutationFn: () => api.post<TokenReply>(pendingPath('/api/admin/domains'), { domain: name.trim(), display_name: display.trim() || undefined }),
    onSuccess: (r) => { setToken(r); setName(''); setDisplay(''); void refresh(); },
    onError: (e) => setError(errorText(e)),
  });
  const rotate = useMutation({
    mutationFn: (d: string) => api.post<TokenReply>(pendingPath(`/api/admin/domains/${encodeURIComponent(d)}/token`)),
    onSuccess: (r) => setToken(r),
    onError: (e) => setError(errorText(e)),
  });
  const remove = useMutation({
    mutationFn: (d: string) => api.del(pendingPath(`/api/admin/domains/${encodeURIComponent(d)}`), force ? { force: true } : undefined),
    onSuccess: () => { setDeleting(null); setForce(false); void refresh(); },
    onError: (e) => setError(errorText(e)),
  });
  const list = Array.isArray(domains.data) ? domains.data : ((domains.data as unknown as { domains?: Domain[] })?.domains ?? []);
  return (
    <QueryState isLoading={domains.isLoading} error={domains.error} retry={() => domains.refetch()} feature="Domain management" endpoint="GET /api/admin/domains">
      <Stack>
        {error && <Alert color="red" withCloseButton onClose={() => setError(null)} role="alert">{error}</Alert>}
        <form onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
          <Group align="flex-end">
            <TextInput label="New domain" placeholder="team-a" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
            <TextInput label="Display name" value={display} onChange={(e) => setDisplay(e.currentTarget.value)} />
            <Button type="submit" loading={create.isPending} disabled={!name.trim()}>Create domain</Button>
          </Group>
        </form>
        {list.length === 0 ? <Empty title="No domains" /> : (
          <Table striped>
            <Table.Thead>
              <Table.Tr><Table.Th>Domain</Table.Th><Table.Th>Jobs</Table.Th><Table.Th>Runs</Table.Th><Table.Th>Workers</Table.Th><Table.Th>Actions</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((d) => (
                <Table.Tr key={d.domain}>
                  <Table.Td><Text fw={500} size="sm">{d.domain}</Text><Text size="xs" c="dimmed">{d.display_name ?? ''} {d.description ?? ''}</Text></Table.Td>
                  <Table.Td>{d.jobs_count ?? '—'}</Table.Td>
                  <Table.Td>{d.runs_count ?? '—'}</Table.Td>
                  <Table.Td>{d.workers_count ?? '—'}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <Button size="xs" variant="default" onClick={() => rotate.mutate(d.domain)} loading={rotate.isPending && rotate.variables === d.domain}>Rotate token</Button>
                      <Button size="xs" color="red" variant="outline" onClick={() => setDeleting(d)}>Delete…</Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <TokenOnce reply={token} onClose={() => setToken(null)} />
        <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title={`Delete domain ${deleting?.domain ?? ''}?`}>
          <Stack>
            <Text size="sm">Its token stops working at once. A domain that still has jobs or workers is only deleted with force, which removes them too.</Text>
            <Checkbox label="Also delete its jobs, runs and workers (force)" checked={force} onChange={(e) => setForce(e.currentTarget.checked)} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDeleting(null)}>Keep it</Button>
              <Button color="red" onClick={() => deleting && remove.mutate(deleting.domain)} loading={remove.isPending}>Delete</Button>
            </Group>
          </Stack>
        </Modal>
      </Stack>
    </QueryState>
  );
}

function Secrets() {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const secrets = useQuery({ queryKey: ['secrets'], queryFn: ({ signal }) => api.get<(SecretName | string)[] | { secrets: (SecretName | string)[] }>(pendingPath('/api/secrets'), undefined, signal), retry: false });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['secrets'] });
  const put = useMutation({
    mutationFn: () => api.put(pendingPath(`/api/secrets/${encodeURIComponent(name.trim())}`), { value }),
    onSuccess: () => { setName(''); setValue(''); void refresh(); },
    onError: (e) => setError(errorText(e)),
  });
  const remove = useMutation({ mutationFn: (n: string) => api.del(pendingPath(`/api/secrets/${encodeURIComponent(n)}`)), onSuccess: refresh, onError: (e) => setError(errorText(e)) });
  const raw = Array.isArray(secrets.data) ? secrets.data : (secrets.data?.secrets ?? []);
  const list: SecretName[] = raw.map((s) => (typeof s === 'string' ? { name: s } : s));
  return (
    <QueryState isLoading={secrets.isLoading} error={secrets.error} retry={() => secrets.refetch()} feature="Secrets" endpoint="GET /api/secrets">
      <Stack>
        {error && <Alert color="red" withCloseButton onClose={() => setError(null)} role="alert">{error}</Alert>}
        <Text size="sm" c="dimmed">Values are write-only: jobs reference them as <code>{'env: {"NAME": {"secret": "name"}}'}</code>; only names are listed.</Text>
        <form onSubmit={(e) => { e.preventDefault(); put.mutate(); }}>
          <Group align="flex-end">
            <TextInput label="Secret name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
            <PasswordInput label="Value" required value={value} onChange={(e) => setValue(e.currentTarget.value)} w={260} />
            <Button type="submit" loading={put.isPending} disabled={!name.trim() || !value}>Save secret</Button>
          </Group>
        </form>
        {list.length === 0 ? <Empty title="No secrets in this domain" /> : (
          <Table striped>
            <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Updated</Table.Th><Table.Th /></Table.Tr></Table.Thead>
            <Table.Tbody>
              {list.map((s) => (
                <Table.Tr key={s.name}>
                  <Table.Td><Code>{s.name}</Code></Table.Td>
                  <Table.Td><Time value={s.updated_at} /></Table.Td>
                  <Table.Td>
                    <Tooltip label={`Delete ${s.name}`}>
                      <ActionIcon variant="subtle" color="red" aria-label={`Delete secret ${s.name}`} onClick={() => remove.mutate(s.name)}>✕</ActionIcon>
                    </Tooltip>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </QueryState>
  );
}

function Audit() {
  const [action, setAction] = useState('');
  const audit = useQuery({
    queryKey: ['audit', action],
    queryFn: ({ signal }) => api.get<AuditEntry[] | { entries?: AuditEntry[]; items?: AuditEntry[] }>(pendingPath('/api/admin/audit'), { action: action || undefined, limit: 200 }, signal),
    retry: false,
  });
  const list: AuditEntry[] = Array.isArray(audit.data) ? audit.data : (audit.data?.entries ?? audit.data?.items ?? []);
  return (
    <QueryState isLoading={audit.isLoading} error={audit.error} retry={() => audit.refetch()} feature="The audit log" endpoint="GET /api/admin/audit">
      <Stack>
        <TextInput label="Action" placeholder="e.g. job.create" value={action} onChange={(e) => setAction(e.currentTarget.value)} w={260} />
        {list.length === 0 ? <Empty title="No audit entries" /> : (
          <Table striped>
            <Table.Thead><Table.Tr><Table.Th>Time</Table.Th><Table.Th>Domain</Table.Th><Table.Th>Actor</Table.Th><Table.Th>Action</Table.Th><Table.Th>Target</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {list.map((a, i) => (
                <Table.Tr key={String(a.id ?? i)}>
                  <Table.Td><Time value={(a.ts ?? a.time ?? a.at) as string | undefined} /></Table.Td>
                  <Table.Td>{a.domain}</Table.Td>
                  <Table.Td>{a.actor}</Table.Td>
                  <Table.Td><Code>{a.action}</Code></Table.Td>
                  <Table.Td>{a.target}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </QueryState>
  );
}
