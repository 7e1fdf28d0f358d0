/**
 * The wallboard's pictures. Each chart is a <figure> with a caption and its numbers as a screen-reader
 * table, and every bar is labelled with its value: colour is never the only way to read it.
 */
import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface ChartDatum {
  key: string;
  label: string;
  value: number;
  colour?: string;
}

export function BarFigure({ id, caption, data, valueLabel, colour = '#0958d9', height = 200, testId }: {
  id: string;
  caption: string;
  data: ChartDatum[];
  valueLabel: string;
  colour?: string;
  height?: number;
  testId?: string;
}) {
  return (
    <figure className="chart-figure" aria-labelledby={`${id}-caption`} data-testid={testId}>
      <figcaption id={`${id}-caption`}>{caption}</figcaption>
      <div aria-hidden="true">
        <ResponsiveContainer width="100%" height={height}>
          <BarChart data={data} margin={{ top: 18, right: 12, bottom: 4, left: -12 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" interval={0} tick={{ fontSize: 12, fill: '#262626' }} />
            <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: '#262626' }} />
            <Tooltip />
            <Bar dataKey="value" name={valueLabel} fill={colour} isAnimationActive={false}>
              {data.map((d) => (
                <Cell key={d.key} fill={d.colour ?? colour} />
              ))}
              <LabelList dataKey="value" position="top" style={{ fontSize: 12, fill: '#262626' }} />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="sr-only">
        <caption>{caption}</caption>
        <tbody>
          {data.map((d) => (
            <tr key={d.key}>
              <th scope="row">{d.label}</th>
              <td>{d.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
