//! Display names of the live inputs a condition reads: the catalogue's name with the identifier, or the
//! identifier alone for an input the catalogue does not know (typed by hand, or newer than the app).
import { i18n } from '@/i18n';

const GAS = /^(nh3|lel|h2s|co|cl2)_(max|delta_10min)$/;

export function inputLabel(input: string): string {
  const { t, te } = i18n.global;
  const gas = GAS.exec(input);
  if (gas) return `${t(gas[2] === 'max' ? 'expert.inputs.gasMax' : 'expert.inputs.gasDelta', { gas: gas[1]!.toUpperCase() })} (${input})`;
  const key = `expert.inputs.${input}`;
  return te(key) ? `${t(key)} (${input})` : input;
}
