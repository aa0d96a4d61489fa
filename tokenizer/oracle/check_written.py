"""Loads tokenizer.json files written by this module into HuggingFace tokenizers and checks the ids.

From the repository root, after `./mvnw -B -T1 -q -pl tokenizer test` has compiled the classes:

  CP=tokenizer/target/classes:<jackson-databind, jackson-core and jackson-annotations jars>
  java -cp $CP tokenizer/oracle/WriteForOracle.java target/oracle-check
  python3 tokenizer/oracle/check_written.py target/oracle-check

Every line should report 0 mismatches (and True for the character-level file).
"""
import json
import os
import sys

from tokenizers import Tokenizer

OUT = sys.argv[1] if len(sys.argv) > 1 else "target/oracle-check"
d = json.load(open(os.path.join(OUT, "ours-ids.json")))
for name, key in [("ours-pairs.json", "pairs"), ("ours-strings.json", "pairs"), ("ours-split.json", "split")]:
    t = Tokenizer.from_file(os.path.join(OUT, name))
    bad = [i for i, s in enumerate(d["texts"]) if t.encode(s, add_special_tokens=False).ids != d[key][i]]
    print(name, "mismatches:", len(bad), bad[:5])
    if key == "pairs":
        dec = [i for i, s in enumerate(d["texts"]) if t.decode(d["pairs"][i], skip_special_tokens=False) != d["decoded"][i]]
        print("  decode mismatches:", len(dec), dec[:5])
t = Tokenizer.from_file(os.path.join(OUT, "ours-chars.json"))
for s, ids in zip(d["charTexts"], d["chars"]):
    got = t.encode(s, add_special_tokens=False).ids
    print("chars", repr(s), got == ids, "" if got == ids else (got, ids), repr(t.decode(ids, skip_special_tokens=False)))
