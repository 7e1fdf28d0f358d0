/**
 * The report's pictures: calls per group (arrived, answered, abandoned side by side) and the average
 * wait. Like the wallboard's, each is a <figure> with its numbers as a screen-reader table, and every
 * bar carries its value.
 */
import { Bar, BarChart, CartesianGrid, LabelList, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface SeriesSpec {
  key: string;
  name: string;
  colour: string;
}

export function GroupedBarFigure({ id, caption, data, series, testId, height = 240 }: {
  id: string;
  caption: string;
  data: ({ label: string } & Record<string, number | string | null>)[];
  series: SeriesSpec[];
  testId: string;
  height?: number;
}) {
  return (
    <figure className="chart-figure" aria-labelledby={`${id}-caption`} data-testid={testId}>
      <figcaption id={`${id}-caption`}>{caption}</figcaption>
      <div aria-hidden="true">
        <ResponsiveContainer width="100%" height={height}>
          <BarChart data={data} margin={{ top: 18, right: 12, bottom: 4, left: -8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" interval={0} tick={{ fontSize: 12, fill: '#262626' }} />
            <YAxis tick={{ fontSize: 12, fill: '#262626' }} />
            <Tooltip />
            {series.length > 1 && <Legend />}
            {series.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={s.name} fill={s.colour} isAnimationActive={false}>
                <LabelList dataKey={s.key} position="top" style={{ fontSize: 11, fill: '#262626' }} />
              </Bar>
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="sr-only">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <td />
            {series.map((s) => (
              <th key={s.key} scope="col">
                {s.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.map((d) => (
            <tr key={d.label}>
              <th scope="row">{d.label}</th>
              {series.map((s) => (
                <td key={s.key}>{d[s.key] ?? '—'}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
