// A select of named choices after one entry that means "none of them" (no model, any, automatic), which the
// choices' list itself never holds.
export type Choice = {
  id: string;
  name: string;
  /** The language the name is written in, when it is not the page's. */
  lang?: string;
};

export function ChoiceSelect(props: {
  /** Its name for screen readers, where no visible label names it. */
  label?: string;
  value: string;
  /** The first entry, e.g. "each conversation's own model"; its value is noneValue ("" unless given). */
  noneLabel: string;
  noneValue?: string;
  choices: Choice[];
  onChange: (value: string) => void;
  className: string;
}) {
  return (
    <select aria-label={props.label} value={props.value} onChange={(e) => props.onChange(e.target.value)} className={props.className}>
      <option value={props.noneValue ?? ""}>{props.noneLabel}</option>
      {props.choices.map((choice) => (
        <option key={choice.id} value={choice.id} lang={choice.lang}>
          {choice.name}
        </option>
      ))}
    </select>
  );
}
