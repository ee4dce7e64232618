"""The questions a benchmark asks: a file of the user's, or a built-in set made from the corpus."""

from __future__ import annotations

import random
from pathlib import Path

from bot.bench.perturb import Perturber, Rates, is_chinese, theme_of
from bot.core.evaluation import EvalFileError, load_cases
from bot.core.model import Corpus

QUERY_SEED = 7
BUILTIN_COUNT = 200
LONG_RATE = 0.1
QUERY_RATES = Rates(synonym=0.6, typo=0.3, filler=0.4, recombine=0.15)

OUT_OF_SCOPE = (
    "今天天气怎么样",
    "推荐一部好看的电影",
    "附近有什么好吃的餐厅",
    "美股今天涨了吗",
    "怎么学Python编程",
    "我的猫不吃东西怎么办",
    "机票怎么订最便宜",
    "帮我写一首关于秋天的诗",
    "比特币现在还能买吗",
    "孩子发烧38度怎么办",
    "电脑蓝屏了怎么修",
    "英语口语怎么提高",
    "哪个牌子的咖啡机好用",
    "租房合同要注意什么",
    "高铁票怎么退",
    "推薦一本好看的小說",
    "週末去哪裡玩比較好",
    "這家餐廳的牛肉麵好吃嗎",
    "請問健身房月卡多少錢",
    "how do i reset my wifi router password",
    "what's the capital of australia",
    "how long should i boil an egg",
    "recommend a good laptop for students",
    "who won the last world cup",
    "how do i learn to play guitar",
    "best way to get rid of ants in the kitchen",
    "can you help me with my tax return",
    "is it going to rain tomorrow in seattle",
    "我想换个发型，短发好看吗",
    "周末有人一起打篮球吗",
)

CHATTY_OPENINGS = (
    ("我去年在国内办了一张卡，一直放着没怎么用，最近突然想起来了，想问问", True),
    ("是这样的，我刚从美国回来，手上还有一张卡，家里人说要保留号码，", True),
    ("朋友推荐我用这个，我研究了半天也没搞明白，群里有没有懂的，", True),
    ("我之前在美国读书，现在回国工作了，银行那边还绑着号码，", True),
    ("so i moved back home last month and i still have my us phone, my bank keeps texting me, anyway", False),
    ("long story short, my friend set this up for me before i left and now i'm confused, basically", False),
)


def builtin_queries(corpus: Corpus, count: int = BUILTIN_COUNT, seed: int = QUERY_SEED) -> list[str]:
    """Make `count` questions: perturbed corpus phrasings, some long and chatty, and about 15% out of scope."""
    rng = random.Random(seed)
    perturber = Perturber(corpus, rng)
    outside = [OUT_OF_SCOPE[i % len(OUT_OF_SCOPE)] for i in range(min(count * 15 // 100, count))]
    inside = [_question(corpus, perturber, rng) for _ in range(count - len(outside))]
    questions = inside + outside
    rng.shuffle(questions)
    return questions


def _question(corpus: Corpus, perturber: Perturber, rng: random.Random) -> str:
    """Pick a phrasing of a random entry, edit it as a member might type it, sometimes inside a long story."""
    entry = rng.choice(corpus.entries)
    text = perturber.perturb(rng.choice(entry.phrasings()), theme_of(entry.file), QUERY_RATES)
    if rng.random() < LONG_RATE:
        openings = [opening for opening, chinese in CHATTY_OPENINGS if chinese == is_chinese(text)]
        text = f"{rng.choice(openings)}{'' if is_chinese(text) else ' '}{text}"
    return text


def read_queries(path: Path) -> list[str]:
    """Read questions from a YAML list of {q: ...} (.yaml/.yml) or a text file of one question per line."""
    try:
        if path.suffix in (".yaml", ".yml"):
            questions = [case.q for case in load_cases(path)]
        else:
            questions = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except EvalFileError:
        raise
    except OSError as error:
        raise EvalFileError(f"{path}: cannot read: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise EvalFileError(f"{path}: not a readable question file: {error}") from error
    if not questions:
        raise EvalFileError(f"{path}: no questions in the file")
    return questions
