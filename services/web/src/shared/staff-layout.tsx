import { useEffect, type ReactNode } from 'react';

/** The staff pages' frame: product name, navigation, and the page. */
export function StaffLayout({ current, title, children }: { current: 'board' | 'reports'; title: string; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Waybill`;
  }, [title]);
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
      </header>
      <main className="staff__main">
        <h1 className="visually-hidden">{title}</h1>
        {children}
      </main>
    </div>
  );
}
