import { AppShell, Autocomplete, Badge, Burger, Button, Group, NavLink, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, useSyncExternalStore } from 'react';
import { NavLink as RouterLink, Outlet, useLocation, useNavigate } from 'react-router';
import { api, apiPath, pendingPath } from './api/client';
import type { Domain, Worker } from './api/types';
import { readRole } from './auth/SignIn';
import { session } from './auth/session';
import { viewerZone } from './lib/time';

const links = [
  { to: '/', label: 'Overview', end: true },
  { to: '/jobs', label: 'Jobs' },
  { to: '/workers', label: 'Workers' },
  { to: '/events', label: 'Events' },
  { to: '/admin', label: 'Admin' },
];

function useSession() {
  return useSyncExternalStore(session.subscribe, session.get);
}

/** The domain an admin acts in (x-domain / ?domain=); empty = all domains. */
function DomainSwitcher() {
  const current = useSession();
  const queryClient = useQueryClient();
  const [value, setValue] = useState(current.domain ?? '');
  const domains = useQuery({ queryKey: ['domains', 'switcher'], queryFn: () => api.get<Domain[]>(pendingPath('/api/admin/domains'), undefined).catch(() => [] as Domain[]), staleTime: 60000 });
  const workers = useQuery({ queryKey: ['workers', 'switcher'], queryFn: () => api.get<Worker[]>(apiPath('/api/workers')).catch(() => [] as Worker[]), staleTime: 60000 });
  const names = [...new Set([...(Array.isArray(domains.data) ? domains.data.map((d) => d.domain) : []), ...(workers.data ?? []).map((w) => w.domain), 'admin'])].sort();
  const apply = (v: string) => {
    session.setDomain(v.trim() || null);
    void queryClient.invalidateQueries();
  };
  return (
    <Autocomplete
      size="xs"
      w={180}
      aria-label="Domain to act in"
      placeholder="all domains"
      data={names}
      value={value}
      onChange={setValue}
      onOptionSubmit={apply}
      onBlur={() => value !== (current.domain ?? '') && apply(value)}
      onKeyDown={(e) => e.key === 'Enter' && apply(value)}
    />
  );
}

export function Layout() {
  const [opened, { toggle }] = useDisclosure();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const s = useSession();
  const role = readRole();
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 200, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Title order={4}>Hydra</Title>
            <Badge variant="light" color={role === 'domain' ? 'blue' : 'violet'}>{role === 'domain' ? 'domain token' : role === 'admin' ? 'admin' : 'signed in'}</Badge>
          </Group>
          <Group gap="sm" wrap="nowrap">
            {role !== 'domain' && <DomainSwitcher />}
            <Text size="xs" c="dimmed" visibleFrom="md">times in {viewerZone()}</Text>
            <Button size="xs" variant="default" onClick={() => { session.signOut(); queryClient.clear(); navigate('/signin'); }}>Sign out</Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        <Stack gap={2} component="nav" aria-label="Main">
          {links.map((l) => (
            <NavLink
              key={l.to}
              component={RouterLink}
              to={l.to}
              end={l.end}
              label={l.label}
              active={l.end ? location.pathname === l.to : location.pathname.startsWith(l.to)}
            />
          ))}
        </Stack>
        <Text size="xs" c="dimmed" mt="auto">{s.domain ? `acting in ${s.domain}` : role === 'domain' ? '' : 'all domains'}</Text>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
