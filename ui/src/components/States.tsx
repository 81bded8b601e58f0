import { Alert, Center, Loader, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ApiError } from '../api/client';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader size="sm" />
        <Text size="sm" c="dimmed">
          {label}
        </Text>
      </Stack>
    </Center>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Center py="xl" data-testid="empty-state">
      <Stack align="center" gap={4} maw={520}>
        <Text fw={600}>{title}</Text>
        {children && (
          <Text size="sm" c="dimmed" ta="center">
            {children}
          </Text>
        )}
      </Stack>
    </Center>
  );
}

/** The feature's endpoint is not on this server yet (another branch adds it): explain instead of failing. */
export function NotAvailable({ feature, endpoint }: { feature: string; endpoint: string }) {
  return (
    <Alert color="gray" title={`${feature} is not available on this server`} data-testid="not-available">
      The function app does not answer <code>{endpoint}</code> yet. This page starts working as soon as a function app
      with that endpoint is deployed; nothing else is affected.
    </Alert>
  );
}

export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <Alert color="red" title="Something went wrong" role="alert">
      <Stack gap={4}>
        <Text size="sm">{message}</Text>
        {retry && (
          <Text size="sm" component="button" type="button" onClick={retry} c="blue" style={{ background: 'none', border: 0, padding: 0, cursor: 'pointer', textAlign: 'left' }}>
            Try again
          </Text>
        )}
      </Stack>
    </Alert>
  );
}

/** Loading / error / not-available handling for one query, so every page states them the same way. */
export function QueryState({
  isLoading,
  error,
  retry,
  feature,
  endpoint,
  children,
}: {
  isLoading: boolean;
  error: unknown;
  retry?: () => void;
  feature?: string;
  endpoint?: string;
  children: ReactNode;
}) {
  if (isLoading) return <Loading />;
  if (error) {
    if (feature && endpoint && error instanceof ApiError && error.notFound) return <NotAvailable feature={feature} endpoint={endpoint} />;
    return <ErrorState error={error} retry={retry} />;
  }
  return <>{children}</>;
}
