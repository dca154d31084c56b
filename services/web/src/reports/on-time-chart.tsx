import { useEffect, useRef } from 'react';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { SlaStats } from '../api/api-types';
import { formatRate } from '../shared/format';

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

export interface DayStats {
  day: string;
  stats: SlaStats | null;
}

/** On-time rate by day (line, left axis) over breaches by day (bars, right axis), and the same as a table. */
export function OnTimeChart({ days }: { days: readonly DayStats[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      data: {
        labels: days.map((d) => d.day.slice(5)),
        datasets: [
          {
            type: 'line',
            label: 'On-time rate (%)',
            data: days.map((d) => (d.stats?.onTimeRate === null || !d.stats ? null : Math.round(d.stats.onTimeRate * 1000) / 10)),
            borderColor: '#1d4ed8',
            backgroundColor: '#1d4ed8',
            spanGaps: true,
            yAxisID: 'rate',
            tension: 0.2,
            pointRadius: 4,
          },
          {
            type: 'bar',
            label: 'Breached',
            data: days.map((d) => d.stats?.breached ?? 0),
            backgroundColor: 'rgba(185, 28, 28, 0.55)',
            yAxisID: 'count',
            maxBarThickness: 36,
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          rate: { type: 'linear', position: 'left', min: 0, max: 100, title: { display: true, text: 'On time (%)' } },
          count: { type: 'linear', position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: 'Breached' }, ticks: { precision: 0 } },
        },
      },
    });
    return () => chart.destroy();
  }, [days]);

  return (
    <figure className="chart">
      <div className="chart__canvas">
        <canvas ref={canvas} role="img" aria-label="On-time rate and breaches by day of promise" data-testid="on-time-chart" />
      </div>
      <figcaption>
        <details>
          <summary>On-time rate by day, as a table</summary>
          <table className="table table--compact">
            <thead>
              <tr>
                <th scope="col">Day (promise)</th>
                <th scope="col">Shipments</th>
                <th scope="col">On time</th>
                <th scope="col">Breached</th>
              </tr>
            </thead>
            <tbody>
              {days.map((d) => (
                <tr key={d.day}>
                  <th scope="row">{d.day}</th>
                  <td>{d.stats?.shipments ?? 0}</td>
                  <td>{formatRate(d.stats?.onTimeRate)}</td>
                  <td>{d.stats?.breached ?? 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </figcaption>
    </figure>
  );
}
