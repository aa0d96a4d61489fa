"""Makes the HuggingFace-tokenizers fixtures that the Java tests compare against.

The Java tokenizer must give the ids HuggingFace `tokenizers` gives. This script, run once
with `pip install tokenizers==0.22.2`, writes into src/test/resources/dev/autodidact/tokenizer/oracle:

  corpus.json                  seeded training text: a list of documents
  gpt2-style.tokenizer.json    HF BpeTrainer output: ByteLevel pre-tokenizer (GPT-2 pattern)
  split-style.tokenizer.json   HF BpeTrainer output: NFC, Split(Llama-3 pattern) then ByteLevel,
                               ignore_merges set, merges in the legacy "a b" string form
  texts.json                   texts to encode (tricky ones, then seeded random ones)
  gpt2-style.ids.json          HF ids of each text under gpt2-style (no post-processing)
  gpt2-prefix.ids.json         the same with add_prefix_space switched on
  split-style.ids.json         HF ids of each text under split-style

Usage: python3 tokenizer/oracle/make_fixtures.py   (from the repository root)
"""
import json
import os
import random

from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers

OUT = os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "dev", "autodidact", "tokenizer", "oracle")
SPECIALS = ["<pad>", "<bos>", "<eos>", "<think>", "</think>", "<ans>", "</ans>"]
LLAMA3_PATTERN = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}"
                  r"| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")

WORDS = ("the of and to in is was that for it with as his on be at by had are but from or have an they which "
         "one you were her all she there would their we him been has when who will more no if out so said what "
         "up its about into than them can only other new some could time these two may then do first any my now "
         "such like our over man me even most made after also did many before must through back years where much "
         "your way well down should because each just those people how too little state good very make world").split()
EXOTIC = ["café", "naïve", "Zürich", "日本語", "東京", "Привет", "мир", "καλημέρα", "مرحبا", "١٢٣", "😀", "👩‍💻",
          "🇫🇷", "e\u0301", "a\u0308\u0301", "ﬁ", "Ⅻ", "½", "x²", "ß", "İstanbul", "한국어"]
PUNCT = [".", ",", "!", "?", ";", ":", "...", "--", "(", ")", "\"", "'", "#", "$5", "100%", "a+b=c", "<", ">"]
CONTRACTIONS = ["don't", "it's", "we're", "I've", "I'm", "you'll", "he'd", "IT'S", "They'LL", "o'clock"]
SPACES = [" ", " ", " ", " ", "  ", "   ", "\t", "\n", " \n ", "\u00a0", "\u3000", "\u2003", "\r\n"]


def random_text(rng, n):
    parts = []
    for _ in range(n):
        r = rng.random()
        if r < 0.70:
            w = rng.choice(WORDS)
            parts.append(w.capitalize() if rng.random() < 0.1 else w)
        elif r < 0.78:
            parts.append(str(rng.randrange(0, 10 ** rng.randrange(1, 7))))
        elif r < 0.86:
            parts.append(rng.choice(PUNCT))
        elif r < 0.93:
            parts.append(rng.choice(CONTRACTIONS))
        else:
            parts.append(rng.choice(EXOTIC))
        parts.append(rng.choice(SPACES) if rng.random() < 0.25 else " ")
    return "".join(parts).strip(" ")


def corpus():
    rng = random.Random(20240611)
    docs = [random_text(rng, rng.randrange(20, 120)) for _ in range(400)]
    return [d for d in docs if d]


def texts():
    tricky = [
        "", " ", "  ", "\n", "\n\n", "\t \t", "hello", " hello", "hello ", "Hello world's  end\n",
        "the  the   the    the", "don't DON'T Don't it'S", "abc123def 4567 89", "2024-06-11 12:30:45",
        "e\u0301te\u0301", "日本語のテキスト", "😀😀 😀👩‍💻🇫🇷", "tab\tand\u00a0nbsp\u3000ideographic",
        "line one\r\nline two\n\n  indented", "a" * 300, "x y  z   ", "!!!???...", "   leading", "trailing   ",
        "<think>7+9=16 c1;</think><ans>936</ans><eos>", "<THINK>not special</Think>", "<bos><bos>x<eos>",
        "<think<think>>", "mixé Ünïcödé ÅÄÖ", "\u2028\u2029\u0085", "١٢٣٤٥ and 12345", "ǅungla ǈ",
        "x\u200by\u200dz", "(a+b)*c=d", "'s's 're've", "We'RE here",
    ]
    rng = random.Random(7)
    pool = "abcxyz ABC019 \t\n.,;'\"-_éüß日本😀\u0301\u00a0\u3000!?<>/"
    randoms = ["".join(rng.choice(pool) for _ in range(rng.randrange(0, 40))) for _ in range(60)]
    return tricky + randoms + [random_text(rng, 30) for _ in range(20)]


def train(pre_tokenizer, normalizer, docs, vocab_size):
    tok = Tokenizer(models.BPE())
    tok.normalizer = normalizer
    tok.pre_tokenizer = pre_tokenizer
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, min_frequency=2, special_tokens=SPECIALS,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train_from_iterator(docs, trainer)
    return tok


def ids(tok, items):
    return [tok.encode(t, add_special_tokens=False).ids for t in items]


def dump(name, value):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        json.dump(value, f, ensure_ascii=False, indent=None)
        f.write("\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    docs = corpus()
    dump("corpus.json", docs)
    items = texts()
    dump("texts.json", items)

    gpt2 = train(pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True), None, docs, len(SPECIALS) + 256 + 600)
    gpt2.save(os.path.join(OUT, "gpt2-style.tokenizer.json"), pretty=True)
    gpt2 = Tokenizer.from_file(os.path.join(OUT, "gpt2-style.tokenizer.json"))
    dump("gpt2-style.ids.json", ids(gpt2, items))
    gpt2.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=True, use_regex=True)
    dump("gpt2-prefix.ids.json", ids(gpt2, items))

    split_pre = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(LLAMA3_PATTERN), behavior="isolated", invert=False),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
    ])
    split = train(split_pre, normalizers.NFC(), docs, len(SPECIALS) + 256 + 400)
    data = json.loads(split.to_str())
    data["model"]["ignore_merges"] = True
    data["model"]["merges"] = [" ".join(m) if isinstance(m, list) else m for m in data["model"]["merges"]]
    path = os.path.join(OUT, "split-style.tokenizer.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
    split = Tokenizer.from_file(path)
    dump("split-style.ids.json", ids(split, items))


if __name__ == "__main__":
    main()
