import { useEffect, useSyncExternalStore } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { setUnauthorizedHandler } from './api/client';
import { SignInPage } from './auth/SignIn';
import { session } from './auth/session';
import { Layout } from './Layout';
import { AdminPage } from './pages/Admin';
import { EventsPage } from './pages/Events';
import { JobDetailPage } from './pages/JobDetail';
import { JobEditorPage } from './pages/JobEditor';
import { JobsPage } from './pages/Jobs';
import { OverviewPage } from './pages/Overview';
import { RunDetailPage } from './pages/RunDetail';
import { WorkersPage } from './pages/Workers';
import { Empty } from './components/States';

function RequireToken({ children }: { children: React.ReactNode }) {
  const s = useSyncExternalStore(session.subscribe, session.get);
  const location = useLocation();
  if (!s.token) {
    const params = new URLSearchParams({ next: location.pathname + location.search });
    const reason = session.reason();
    if (reason) params.set('reason', reason);
    return <Navigate to={`/signin?${params.toString()}`} replace />;
  }
  return <>{children}</>;
}

export function App() {
  useEffect(() => {
    // A 401 anywhere: the token is wrong, rotated or revoked. Signing out sends every page back to sign-in
    // (RequireToken), which shows the reason.
    setUnauthorizedHandler((reason) => {
      if (session.get().token) session.signOut(reason);
    });
  }, []);
  return (
    <Routes>
      <Route path="/signin" element={<SignInPage />} />
      <Route element={<RequireToken><Layout /></RequireToken>}>
        <Route index element={<OverviewPage />} />
        <Route path="jobs" element={<JobsPage />} />
        <Route path="jobs/new" element={<JobEditorPage />} />
        <Route path="jobs/:id" element={<JobDetailPage />} />
        <Route path="jobs/:id/edit" element={<JobEditorPage />} />
        <Route path="runs/:id" element={<RunDetailPage />} />
        <Route path="workers" element={<WorkersPage />} />
        <Route path="events" element={<EventsPage />} />
        <Route path="admin" element={<AdminPage />} />
        <Route path="*" element={<Empty title="Page not found" />} />
      </Route>
    </Routes>
  );
}
