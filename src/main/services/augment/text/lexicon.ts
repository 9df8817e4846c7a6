/**
 * Small English word lists the text operations need: stopwords (never
 * replaced by a synonym, never a synonym source) and number words
 * (protected with digits when `numbers` is on, since "two" → "deuce"
 * changes the meaning as much as "2" → "3").
 */

// NLTK's English list, plus modals, common contractions and a few function words it lacks.
const STOP = `i me my myself we our ours ourselves you you're you've you'll you'd your yours yourself yourselves
he him his himself she she's her hers herself it it's its itself they them their theirs themselves what which who
whom this that that'll these those am is are was were be been being have has had having do does did doing a an the
and but if or because as until while of at by for with about against between into through during before after above
below to from up down in out on off over under again further then once here there when where why how all any both
each few more most other some such no nor not only own same so than too very s t can will just don don't should
should've now d ll m o re ve y ain aren aren't couldn couldn't didn didn't doesn doesn't hadn hadn't hasn hasn't
haven haven't isn isn't ma mightn mightn't mustn mustn't needn needn't shan shan't shouldn shouldn't wasn wasn't
weren weren't won won't wouldn wouldn't would could might must shall may also yet however though although via per
upon onto within without among toward towards us i'm i've i'd i'll we're we've we'd we'll they're they've they'd
they'll he's he'd he'll she'd she'll it'd there's here's what's who's that's let's can't cannot ok etc`;

export const STOPWORDS: ReadonlySet<string> = new Set(STOP.split(/\s+/));

const NUMBERS = `zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million billion
trillion dozen first second third fourth fifth sixth seventh eighth ninth tenth`;

export const NUMBER_WORDS: ReadonlySet<string> = new Set(NUMBERS.split(/\s+/));

/** Lower case with typographic apostrophes folded, the form words are looked up in. */
export function lookupForm(word: string): string {
  const lower = word.toLowerCase();
  return lower.includes('\u2019') ? lower.replace(/\u2019/g, "'") : lower;
}

export function isStopword(lower: string): boolean {
  return STOPWORDS.has(lower);
}
