// Each member's usage over the last weeks: a small bar chart of tokens per day, and a table. Counts only.
import { getFormatter, getTranslator, type Translator } from "@/lib/i18n/server";
import { Panel } from "../ui/panel";
import { dayList, type MemberSeries, sharedScale, type UsageRow, usageSeries } from "./usage-series";

type Format = Awaited<ReturnType<typeof getFormatter>>;

/** A calendar day (YYYY-MM-DD, already the family's local day) as the reader writes dates: "Nov 28" or "11月28日". */
function dayText(format: Format, day: string): string {
  return format.dateTime(new Date(`${day}T00:00:00Z`), { month: "short", day: "numeric", timeZone: "UTC" });
}

const BAR = 10;
const HEIGHT = 48;
/** Room left of the bars for the axis labels. */
const AXIS = 56;

/** One member's days on the scale all members share (`scaleMax` tokens at the top), with its axis labelled. */
function UsageChart({ series, scaleMax, t, format }: { series: MemberSeries; scaleMax: number; t: Translator; format: Format }) {
  const width = AXIS + series.days.length * BAR;
  return (
    <svg
      role="img"
      aria-label={t("admin.usageChart", { name: series.name })}
      data-testid="usage-chart"
      data-scale-max={scaleMax}
      width={width}
      height={HEIGHT + 6}
      className="text-zinc-700 dark:text-zinc-300"
    >
      <g className="text-[10px]" fill="currentColor" fillOpacity={0.7}>
        <text data-testid="usage-axis-top" x={AXIS - 4} y={8} textAnchor="end">
          {t("admin.usageAxis", { tokens: scaleMax })}
        </text>
        <text x={AXIS - 4} y={HEIGHT} textAnchor="end">
          0
        </text>
      </g>
      <line x1={AXIS} y1={1.5} x2={width} y2={1.5} stroke="currentColor" strokeOpacity={0.15} strokeDasharray="2 2" />
      <line x1={AXIS} y1={HEIGHT - 0.5} x2={width} y2={HEIGHT - 0.5} stroke="currentColor" strokeOpacity={0.3} />
      <line x1={AXIS - 0.5} y1={1} x2={AXIS - 0.5} y2={HEIGHT} stroke="currentColor" strokeOpacity={0.3} />
      {series.days.map((d, i) => {
        const height = d.tokens === 0 ? 0 : Math.max(1, (d.tokens / scaleMax) * (HEIGHT - 2));
        return (
          <rect
            key={d.day}
            data-testid="usage-bar"
            data-day={d.day}
            data-tokens={d.tokens}
            x={AXIS + i * BAR + 1}
            y={HEIGHT - height}
            width={BAR - 2}
            height={height}
            fill="currentColor"
          >
            <title>{t("admin.usageBar", { day: dayText(format, d.day), tokens: d.tokens, messages: d.messages })}</title>
          </rect>
        );
      })}
    </svg>
  );
}

export async function UsagePanel(props: { members: { id: string; name: string }[]; rows: UsageRow[]; firstDay: string; days: number }) {
  const [t, format] = await Promise.all([getTranslator(), getFormatter()]);
  const series = usageSeries(props.members, props.rows, dayList(props.firstDay, props.days));
  const scaleMax = sharedScale(series);
  const active = series.flatMap((s) => s.days.filter((d) => d.messages > 0 || d.tokens > 0).map((d) => ({ ...d, name: s.name })));
  return (
    <Panel id="usage" title={t("admin.usageTitle", { days: props.days })}>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("admin.usagePrivacy")}</p>
      <ul className="space-y-3">
        {series.map((s) => (
          <li key={s.userId} data-testid="usage-member" className="text-sm">
            <p className="mb-1">
              <span className="font-medium">{s.name}</span>{" "}
              <span className="text-zinc-600 dark:text-zinc-400">
                {t("admin.usageTotals", { messages: s.totals.messages, tokens: s.totals.tokens, seconds: s.totals.generationSeconds })}
              </span>
            </p>
            <UsageChart series={s} scaleMax={scaleMax} t={t} format={format} />
          </li>
        ))}
      </ul>
      <table className="w-full text-left text-sm" aria-label={t("admin.usagePerDay")}>
        <thead className="text-zinc-600 dark:text-zinc-400">
          <tr>
            <th className="py-1 font-medium">{t("admin.usageMember")}</th>
            <th className="py-1 font-medium">{t("admin.usageDay")}</th>
            <th className="py-1 text-right font-medium">{t("admin.usageMessages")}</th>
            <th className="py-1 text-right font-medium">{t("admin.usageTokens")}</th>
            <th className="py-1 text-right font-medium">{t("admin.usageSeconds")}</th>
          </tr>
        </thead>
        <tbody>
          {active.map((r) => (
            <tr key={`${r.userId}-${r.day}`} data-testid="usage-row" className="border-t border-zinc-200 dark:border-zinc-800">
              <td className="py-1">{r.name}</td>
              <td className="py-1">{dayText(format, r.day)}</td>
              <td className="py-1 text-right">{format.number(r.messages)}</td>
              <td className="py-1 text-right">{format.number(r.tokens)}</td>
              <td className="py-1 text-right">{format.number(r.generationSeconds)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
