import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { StaffLayout } from './shared/staff-layout';
import { routeOf } from './shared/routes';
import './styles.css';

// One chunk per page: a customer on a phone does not download the board or the charts.
const BoardPage = lazy(() => import('./board/board-page').then((m) => ({ default: m.BoardPage })));
const ReportPage = lazy(() => import('./reports/report-page').then((m) => ({ default: m.ReportPage })));
const TrackingPage = lazy(() => import('./tracking/tracking-page').then((m) => ({ default: m.TrackingPage })));

function App() {
  const route = routeOf(window.location.pathname, window.location.search);
  switch (route.page) {
    case 'board':
      return (
        <StaffLayout current="board" title="Dispatcher board">
          <BoardPage />
        </StaffLayout>
      );
    case 'reports':
      return (
        <StaffLayout current="reports" title="SLA report">
          <ReportPage />
        </StaffLayout>
      );
    case 'tracking':
      return <TrackingPage trackingNumber={route.trackingNumber} token={route.token} />;
    default:
      return (
        <main className="not-found">
          <h1>Page not found</h1>
          <p>
            <a href="/">Go to the dispatcher board</a>
          </p>
        </main>
      );
  }
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <App />
    </Suspense>
  </StrictMode>,
);
