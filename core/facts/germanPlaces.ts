import { createRequire } from 'node:module';

/**
 * Place vocabulary: the largest German cities and all state capitals, the federal states, the German
 * municipalities of the gazetteer in `german-metadata`, and the head nouns that make a capitalised
 * phrase a venue ("… Campus", "…zentrum", "…ministerium").
 */

const CITIES = [
  'Berlin', 'Hamburg', 'München', 'Köln', 'Frankfurt am Main', 'Frankfurt', 'Stuttgart', 'Düsseldorf', 'Leipzig',
  'Dortmund', 'Essen', 'Bremen', 'Dresden', 'Hannover', 'Nürnberg', 'Duisburg', 'Bochum', 'Wuppertal', 'Bielefeld',
  'Bonn', 'Münster', 'Mannheim', 'Karlsruhe', 'Augsburg', 'Wiesbaden', 'Mönchengladbach', 'Gelsenkirchen', 'Aachen',
  'Braunschweig', 'Kiel', 'Chemnitz', 'Halle (Saale)', 'Halle', 'Magdeburg', 'Freiburg im Breisgau', 'Freiburg',
  'Krefeld', 'Mainz', 'Lübeck', 'Erfurt', 'Oberhausen', 'Rostock', 'Kassel', 'Hagen', 'Potsdam', 'Saarbrücken', 'Hamm',
  'Ludwigshafen am Rhein', 'Ludwigshafen', 'Mülheim an der Ruhr', 'Oldenburg', 'Osnabrück', 'Leverkusen', 'Darmstadt',
  'Heidelberg', 'Solingen', 'Herne', 'Neuss', 'Regensburg', 'Paderborn', 'Ingolstadt', 'Offenbach am Main', 'Offenbach',
  'Fürth', 'Würzburg', 'Ulm', 'Heilbronn', 'Pforzheim', 'Wolfsburg', 'Göttingen', 'Bottrop', 'Reutlingen', 'Erlangen',
  'Bremerhaven', 'Koblenz', 'Bergisch Gladbach', 'Remscheid', 'Trier', 'Recklinghausen', 'Jena', 'Moers', 'Salzgitter',
  'Siegen', 'Gütersloh', 'Hildesheim', 'Hanau', 'Kaiserslautern', 'Cottbus', 'Schwerin', 'Witten', 'Esslingen am Neckar',
  'Esslingen', 'Ludwigsburg', 'Gera', 'Iserlohn', 'Düren', 'Tübingen', 'Flensburg', 'Zwickau', 'Gießen', 'Ratingen',
  'Lünen', 'Villingen-Schwenningen', 'Konstanz', 'Marl', 'Worms', 'Velbert', 'Minden', 'Dessau-Roßlau', 'Neumünster',
  'Norderstedt', 'Delmenhorst', 'Wilhelmshaven', 'Viersen', 'Gladbeck', 'Dorsten', 'Rheine', 'Detmold', 'Speyer',
  'Bamberg', 'Bayreuth', 'Landshut', 'Passau', 'Rosenheim', 'Lüneburg', 'Celle', 'Marburg', 'Fulda', 'Brandenburg an der Havel',
  'Frankfurt (Oder)', 'Greifswald', 'Stralsund', 'Wismar', 'Weimar', 'Görlitz', 'Plauen', 'Wittenberg', 'Speyer',
  'Brüssel', 'Wien', 'Zürich', 'Straßburg', 'Luxemburg',
];

const STATES = [
  'Baden-Württemberg', 'Bayern', 'Brandenburg', 'Hessen', 'Mecklenburg-Vorpommern', 'Niedersachsen',
  'Nordrhein-Westfalen', 'Rheinland-Pfalz', 'Saarland', 'Sachsen-Anhalt', 'Sachsen', 'Schleswig-Holstein', 'Thüringen',
  'Deutschland', 'Europa',
];

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** City and state names as a regex alternative, longest first so "Frankfurt am Main" beats "Frankfurt". */
export const PLACE_NAME_PATTERN = [...new Set([...CITIES, ...STATES])]
  .sort((a, b) => b.length - a.length)
  .map(escape)
  .join('|');

const CITY_SET = new Set(CITIES.map((c) => c.toLowerCase()));
const STATE_SET = new Set(STATES.map((c) => c.toLowerCase()));

/** A German Land (or "Deutschland", "Europa"): a place, and a government that runs or funds things. */
export function isKnownState(name: string): boolean {
  return STATE_SET.has(name.toLowerCase());
}

export function isKnownCity(name: string): boolean {
  return CITY_SET.has(name.toLowerCase());
}

/**
 * German towns and municipalities (about 7,000 names with their postal codes; `german-metadata`, data
 * from OpenStreetMap and GovData under ODbL and dl-de/by-2.0). Many are also common words ("Essen",
 * "Hof", "Bogen", "Lage"), so a name from it is a place only among other such names (see candidates.ts).
 * Loaded on first use.
 */
let municipalities: Set<string> | undefined;

/** "Aken (Elbe)", "Alsleben/Saale", "Aschau i. Chiemgau", "Bad Soden am Taunus": the name and its short form. */
const QUALIFIED_NAME = /\s*(?:\(|\/|\s(?:a\.|i\.|b\.|v\.d\.|a\.d\.|i\.d\.|am|an der|an den|im|in der|in|bei|ob der|vorm|vor der)\s)/u;

function municipalitySet(): Set<string> {
  if (municipalities) return municipalities;
  const require = createRequire(import.meta.url);
  const cities = require('german-metadata/data/cities.json') as { name: string }[];
  const names = new Set<string>();
  for (const { name } of cities) {
    const full = name.replace(/\s+u\.a\.$/u, '').replace(/\s*\(Abweichung[^)]*\)/u, '').trim();
    if (!/^\p{Lu}/u.test(full)) continue;
    names.add(full.toLowerCase());
    const short = full.split(QUALIFIED_NAME)[0]!.trim();
    if (short.length >= 3 && short !== full) names.add(short.toLowerCase());
  }
  municipalities = names;
  return names;
}

/** A German town or municipality by its name ("Backnang", "Halle (Saale)", "Halle"), or a known city. */
export function isMunicipality(name: string): boolean {
  return isKnownCity(name) || municipalitySet().has(name.toLowerCase());
}

/**
 * Head nouns of venues. German compounds end in their head ("Tagungszentrum", "Bundesverwaltungsamt"),
 * so a word ending in one of these names a place.
 */
export const VENUE_HEAD =
  /(?:campus|lab|labor|haus|zentrum|center|centre|akademie|amt|ämter|ministerium|rathaus|saal|säle|space|hotel|forum|halle|gebäude|schloss|kloster|universität|university|hochschule|institut|behörde|agentur|messe|park|hub|studio|werkstatt|bibliothek|museum|villa|zentrale|landtag|bundestag|kanzlei|kanzleramt|valley|arena|bühne|stätte|schule|kaserne|residenz|palais|pavillon|loft|garage|fabrik|quartier|kolleg|kirche|kapelle|aula|mensa)$/iu;

/** Short all-caps names ("IPAI", "LKA", "ZITiS") stand for institutions. */
export function isAcronym(word: string): boolean {
  return word.length >= 2 && word.length <= 8 && /^[A-ZÄÖÜ][A-Za-zÄÖÜäöü]*$/.test(word) && (word.match(/[A-ZÄÖÜ]/g)?.length ?? 0) >= 2;
}
