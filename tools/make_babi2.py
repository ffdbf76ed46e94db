"""Writes the stories of examples/memory-babi2/: a two-supporting-facts task in the style of bAbI task 2.

Four people move between six rooms and pick up and drop three objects; each story (4 to 10
sentences) ends with one question "where is the <object>?" about an object someone is carrying. The
answer needs two facts: who picked the object up last ("mary grabbed the football") and where that
person went last ("mary journeyed to the garden") — the object's sentence never names a room.

Numeric form, as the `memory` variant takes it:
- `<split>-memory.csv`: one row per sentence, `story` then a bag-of-words count per word of the
  vocabulary, then the time words t0..t9 (t0 on the story's last sentence, t1 on the one before, …):
  the paper's temporal encoding as extra words, so "last" can be learned.
- `<split>-query.csv`: one row per story, the question's bag of words (time words 0), same columns.
- `<split>-answers.csv`: `story, answer` (room index 0..5, in ROOMS order), and the supporting
  facts' sentence indices `carrier_fact`, `room_fact` (0-based within the story), for
  tools/babi2_accuracy.py.
- `sample-stories.txt`: the first test stories as text.
- `examples/memory/memory.csv`, `query.csv`: the first three test stories with their text in a
  label column (`sentence`, `question`), for the `memory` variant's run example.

Fixed seed, reproducible: `python3 tools/make_babi2.py` from the repository root.
"""
import random
from pathlib import Path

SEED = 2015
TRAIN = 800
TEST = 400
MAX_SENTENCES = 10
MIN_SENTENCES = 4
PEOPLE = ["john", "mary", "sandra", "daniel"]
ROOMS = ["kitchen", "garden", "hallway", "bathroom", "bedroom", "office"]
OBJECTS = ["football", "apple", "milk"]
MOVES = ["went", "moved", "journeyed", "travelled"]
TAKES = [["picked", "up"], ["grabbed"], ["got"]]
DROPS = [["dropped"], ["discarded"], ["put", "down"]]
WORDS = PEOPLE + ROOMS + OBJECTS + MOVES + ["picked", "up", "grabbed", "got", "dropped", "discarded", "put",
                                            "down", "to", "the", "where", "is"]
TIME = [f"t{i}" for i in range(MAX_SENTENCES)]
COLUMNS = WORDS + TIME
OUT = Path(__file__).resolve().parent.parent / "examples" / "memory-babi2"


def story(rng):
    """One story: (sentences as word lists, question object, answer room, carrier fact, room fact), or None."""
    where = {}        # person -> (room, sentence index)
    holder = {}       # object -> (person, sentence index)
    sentences = []
    length = rng.randint(MIN_SENTENCES, MAX_SENTENCES)
    while len(sentences) < length:
        i = len(sentences)
        p = rng.choice(PEOPLE)
        held = [o for o, (h, _) in holder.items() if h == p]
        free = [o for o in OBJECTS if o not in holder]
        r = rng.random()
        if r < 0.55 or (not free and not held):
            room = rng.choice([x for x in ROOMS if where.get(p, (None,))[0] != x])
            where[p] = (room, i)
            sentences.append([p, rng.choice(MOVES), "to", "the", room])
        elif r < 0.85 and free:
            o = rng.choice(free)
            holder[o] = (p, i)
            sentences.append([p] + rng.choice(TAKES) + ["the", o])
        elif held:
            o = rng.choice(held)
            del holder[o]
            sentences.append([p] + rng.choice(DROPS) + ["the", o])
    # Ask about a carried object whose carrier has been somewhere.
    askable = [o for o, (p, _) in holder.items() if p in where]
    if not askable:
        return None
    o = rng.choice(sorted(askable))
    p, carried = holder[o]
    room, moved = where[p]
    return sentences, o, ROOMS.index(room), carried, moved


def write(split, stories):
    with open(OUT / f"{split}-memory.csv", "w") as memory, open(OUT / f"{split}-query.csv", "w") as query, \
            open(OUT / f"{split}-answers.csv", "w") as answers:
        memory.write("story," + ",".join(COLUMNS) + "\n")
        query.write("story," + ",".join(COLUMNS) + "\n")
        answers.write("story,answer,carrier_fact,room_fact\n")
        for s, (sentences, o, answer, carried, moved) in enumerate(stories):
            for i, words in enumerate(sentences):
                counts = [words.count(w) for w in WORDS] + [int(t == len(sentences) - 1 - i) for t in range(MAX_SENTENCES)]
                memory.write(f"{s}," + ",".join(map(str, counts)) + "\n")
            q = ["where", "is", "the", o]
            query.write(f"{s}," + ",".join(str(q.count(w)) for w in WORDS) + "," + ",".join("0" * MAX_SENTENCES) + "\n")
            answers.write(f"{s},{answer},{carried},{moved}\n")


def write_labelled(stories):
    """examples/memory/: the first held-out stories with their text as labels, for a heatmap."""
    out = OUT.parent / "memory"
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "memory.csv", "w") as memory, open(out / "query.csv", "w") as query:
        memory.write("story,sentence," + ",".join(COLUMNS) + "\n")
        query.write("story,question," + ",".join(COLUMNS) + "\n")
        for s, (sentences, o, answer, carried, moved) in enumerate(stories):
            for i, words in enumerate(sentences):
                counts = [words.count(w) for w in WORDS] + [int(t == len(sentences) - 1 - i) for t in range(MAX_SENTENCES)]
                memory.write(f"{s},{' '.join(words)}," + ",".join(map(str, counts)) + "\n")
            q = ["where", "is", "the", o]
            query.write(f"{s},where is the {o}?," + ",".join(str(q.count(w)) for w in WORDS) + ","
                        + ",".join("0" * MAX_SENTENCES) + "\n")


def main():
    rng = random.Random(SEED)
    stories = []
    while len(stories) < TRAIN + TEST:
        s = story(rng)
        if s is not None:
            stories.append(s)
    OUT.mkdir(parents=True, exist_ok=True)
    write("train", stories[:TRAIN])
    write("test", stories[TRAIN:])
    write_labelled(stories[TRAIN:TRAIN + 3])
    with open(OUT / "sample-stories.txt", "w") as f:
        for s, (sentences, o, answer, carried, moved) in enumerate(stories[TRAIN:TRAIN + 5]):
            f.write(f"story {s}\n")
            for i, words in enumerate(sentences):
                f.write(f"  {i}: {' '.join(words)}.\n")
            f.write(f"  where is the {o}? {ROOMS[answer]} (answer {answer}; facts {carried}, {moved})\n\n")


if __name__ == "__main__":
    main()
