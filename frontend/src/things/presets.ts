//! The preset picker's grouping and search: presets by category in the catalogue's order, narrowed by a
//! search over both names, the identifier and the property names.
import type { PresetThingModel } from '@/api/types';

export interface PresetGroup {
  category: string;
  presets: PresetThingModel[];
}

function haystack(p: PresetThingModel): string {
  const props = (p.definition as unknown as { properties?: { identifier?: string; name?: string; name_en?: string }[] }).properties ?? [];
  return [p.identifier, p.name, p.name_en, ...props.flatMap((x) => [x.identifier ?? '', x.name ?? '', x.name_en ?? ''])]
    .join('\n')
    .toLowerCase();
}

export function groupPresets(
  presets: readonly PresetThingModel[],
  query: string,
  category: string,
  order: readonly string[],
): PresetGroup[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const matching = presets.filter(
    (p) => (!category || p.category === category) && words.every((w) => haystack(p).includes(w)),
  );
  const groups = new Map<string, PresetThingModel[]>();
  for (const p of matching) groups.set(p.category, [...(groups.get(p.category) ?? []), p]);
  const rank = (c: string) => {
    const i = order.indexOf(c);
    return i < 0 ? order.length : i;
  };
  return [...groups.entries()]
    .sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]))
    .map(([c, list]) => ({ category: c, presets: list }));
}
