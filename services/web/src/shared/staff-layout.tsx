import { useEffect, type ReactNode } from 'react';
import { RequireStaff, StaffIdentity } from '../auth/staff-auth';

/** The staff pages' frame: product name, navigation, who is signed in, and the page (after sign-in). */
export function StaffLayout({ current, title, children }: { current: 'board' | 'reports'; title: string; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Waybill`;
  }, [title]);
  return (
    <RequireStaff fallbackFrame={(form) => <Frame current={current} title={title}>{form}</Frame>}>
      <Frame current={current} title={title} signedIn>
        {children}
      </Frame>
    </RequireStaff>
  );
}

function Frame({ current, title, signedIn, children }: { current: 'board' | 'reports'; title: string; signedIn?: boolean; children: ReactNode }) {
  return (
    <div className="staff">
      <header className="staff__header">
        <a className="brand" href="/">
          Waybill
        </a>
        <nav aria-label="Staff pages">
          <a href="/" aria-current={current === 'board' ? 'page' : undefined}>
            Board
          </a>
          <a href="/reports" aria-current={current === 'reports' ? 'page' : undefined}>
            Reports
          </a>
        </nav>
        {signedIn && <StaffIdentity />}
      </header>
      <main className="staff__main">
        <h1 className="visually-hidden">{title}</h1>
        {children}
      </main>
    </div>
  );
}
