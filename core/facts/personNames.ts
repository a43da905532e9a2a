/**
 * Vocabulary for recognising person names in German text: frequent first names, name particles,
 * titles, and capitalised words that are never names. German capitalises every noun, so a pair of
 * capitalised words is a name only with such evidence.
 */

/** Frequent first names in Germany across generations (folded to lower case). */
const FIRST_NAMES = new Set(
  (
    // Women
    'anna anne anja andrea angela angelika anke annette antje astrid barbara beate bettina birgit brigitte britta carina ' +
    'carla carmen carolin caroline charlotte christa christiane christina christine claudia cornelia dagmar daniela ' +
    'diana doris dorothea edith elena elisabeth elke ella ellen emilia emily emma erika eva franziska frauke friederike ' +
    'gabriele gaby gerda gisela greta gudrun hanna hannah heike helga helene hildegard ilse ina ines inga ingrid irene ' +
    'iris isabel isabell isabella jana janina jasmin jennifer jessica johanna josephine judith julia juliane jutta ' +
    'karin katharina kathrin katja katrin kerstin kirsten klara kristina laura lea lena leonie lina lisa luisa lydia ' +
    'magdalena maike maja manuela mareike margarete maria marie marina marion marlene martina maren melanie mia ' +
    'michaela miriam monika nadine nadja natalie nicole nina nora olga patricia paula petra pia ramona regina renate ' +
    'rita rosemarie ruth sabine sabrina sandra sara sarah silke silvia simone sofia sonja sophia sophie stefanie ' +
    'stephanie susanne svenja swantje tanja tatjana theresa ulrike ursula ute vanessa vera verena veronika viktoria ' +
    'yvonne birte henrike wiebke hanne gesa imke insa meike heidi elfriede waltraud inge marianne luise annika ' +
    'alexandra alina amelie anastasia antonia bianca denise ebru elif esra fatma merve leyla ayse zeynep ' +
    // Men
    'achim adrian alexander alfred andreas andré andre anton armin arne arno axel benedikt benjamin bernd bernhard ' +
    'björn bodo boris burkhard carl carsten christian christoph christopher claus clemens daniel david denis dennis ' +
    'detlef dieter dietmar dirk dominik eckhard edgar elias emil erik eric erich ernst erwin eugen fabian felix ' +
    'ferdinand finn florian frank franz friedrich fritz georg gerd gerhard gregor günter günther gunnar guido hagen ' +
    'hans harald hartmut heiko heinrich heinz helmut hendrik henning henrik herbert hermann holger horst hubert ' +
    'ingo jakob jan janosch jannik jens jochen joachim johannes jonas jonathan jörg josef joseph julian jürgen kai ' +
    'karl karsten kevin klaus konrad konstantin kurt lars leon leonard lukas ludwig lutz malte manfred manuel marc ' +
    'marcel marco marcus mario marius mark markus martin marvin mathias matthias max maximilian michael mirko moritz ' +
    'nico niklas nikolaus nils norbert olaf oliver ole oskar pascal patrick paul peter philipp rainer ralf ralph ' +
    'reinhard reinhold rené rene richard robert robin roland rolf roman rüdiger rudolf sascha sebastian siegfried simon ' +
    'stefan steffen stephan sven thilo thomas thorsten tim timo tobias tom torsten udo ulrich uwe valentin volker ' +
    'walter werner wilhelm willi winfried wolfgang yannick henri hannes jasper jendrik kilian lennart levin linus ' +
    'mats mattis merlin niels noah ole rasmus till tjark torben vincent wolf arnd arndt bert detlev dietrich egon ' +
    'gernot götz hajo hauke heino helge henryk hinrich ingolf knut kuno lothar ottmar otto rüdiger sigmar sönke ' +
    'ahmet ali mehmet mustafa murat emre can cem deniz hakan kemal omar hassan yusuf ivan igor dimitri sergej ' +
    'john james george william david paul michael anna kate sarah'
  ).split(/\s+/),
);

export function isKnownFirstName(word: string): boolean {
  const lower = word.toLowerCase();
  if (FIRST_NAMES.has(lower)) return true;
  // Hyphenated first names: "Jan-Ole", "Hans-Peter", "Anna-Lena".
  const parts = lower.split('-');
  return parts.length > 1 && parts.every((p) => p.length > 0) && FIRST_NAMES.has(parts[0]!);
}

/** Academic and professional titles that may precede a name. */
export const HONORIFIC =
  "(?:(?:Prof\\.|Professorin|Professor|Dr\\.-Ing\\.|Dr\\.|Dipl\\.-\\p{Lu}\\p{Ll}*\\.(?:-\\p{Lu}\\p{Ll}*\\.)?|Priv\\.-Doz\\.|PD|h\\.[ \\t]?c\\.|rer\\.[ \\t]?(?:nat|pol|oec)\\.|med\\.|phil\\.|jur\\.|habil\\.|mult\\.|MdB|MdL|M\\.[ \\t]?A\\.|LL\\.[ \\t]?M\\.)[ \\t]*){1,4}";

/** Particles of family names ("von", "van der", "zu"). */
export const PARTICLE = "(?:von[ \\t]+und[ \\t]+zu|von[ \\t]+der|von[ \\t]+dem|van[ \\t]+der|van[ \\t]+den|van[ \\t]+de|de[ \\t]+la|von|van|vom|zu|zur|de|del|della|di|da|du|le|la|ten|ter|op)";

/** One capitalised name word, also "McAllister"/"DeMaizière" and hyphenated "Müller-Lüdenscheidt". */
export const NAME_WORD = "\\p{Lu}\\p{Ll}+(?:\\p{Lu}\\p{Ll}+)?(?:-\\p{Lu}\\p{Ll}+(?:\\p{Lu}\\p{Ll}+)?)?";

/**
 * Capitalised words that are not names though they look like one next to a noun: articles and
 * prepositions at the start of a sentence, common adjectives and nouns of administrative texts.
 */
const NOT_NAMES = new Set(
  (
    'der die das den dem des ein eine einer eines einem einen im in am an auf aus bei beim mit für von vom zum zur nach über ' +
    'unter vor durch um als auch und oder aber wie wir sie er es ihr ihre unsere unser diese dieser dieses alle mehr neue neuen ' +
    'digitale digitalen digitaler freie freien öffentliche öffentlichen moderne modernen erste ersten zweite dritte neue ' +
    'projekt projekte programm team kontakt telefon fax mail email e-mail internet web website homepage ansprechpartner ' +
    'ansprechpartnerin ansprechperson agenda diskussion verwaltung referat abteilung land stadt bund senator senatorin ' +
    'zukunft kompetenzen kompetenz digitalisierung transformation weiterbildung fortbildung qualifizierung führung ' +
    'herr frau herrn damen herren liebe lieber sehr geehrte geehrter mitarbeiter mitarbeiterin mitarbeitende ' +
    'montag dienstag mittwoch donnerstag freitag samstag sonntag januar februar märz april mai juni juli august ' +
    'september oktober november dezember deutschland europa bundesregierung landesregierung ministerium ' +
    'hintergrund ziel ziele status quo stand sachstand kurzbeschreibung ergebnis ergebnisse termin termine ort zeit ' +
    'anmeldung kosten gebühr zielgruppe inhalt inhalte format formate workshop seminar lernreise masterclass ' +
    'veranstaltung veranstaltungen unsere unserer ihre ihren gemeinsam weitere weiteren neu aktuell aktuelle ' +
    'präsentation folie seite kapitel anlage quelle lizenz creative commons public license international ' +
    'start ende anfang mitte herbst sommer winter frühjahr quartal jahr jahre'
  ).split(/\s+/),
);

/** Endings of German nouns that do not occur in family names often enough to matter. */
const NOUN_ENDING = /(?:ung|ungen|heit|keit|schaft|tion|tionen|ität|ismus|ierung|sektor|wesen|plattform|kräfte|wandel|system|daten|stelle|gruppe|bereich|netzwerk|zentrum|akademie|amt|ministerium|behörde|verwaltung|stadt)$/i;

export function isNotName(word: string): boolean {
  const lower = word.toLowerCase();
  if (NOT_NAMES.has(lower)) return true;
  return lower.split('-').some((part) => NOT_NAMES.has(part) || (part.length >= 7 && NOUN_ENDING.test(part)));
}
