"""Titles, abstracts, venues and author names for a synthetic field.

Text is made from per-topic vocabularies and templates, with every random choice drawn as a numpy
array first, so a million titles cost one list comprehension, not a million generator calls.
Titles carry the planted roles the way real titles do ("A survey of …", "<Technique> with <Y>"),
plus some distractors (ordinary papers whose titles also contain " with ").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from mentalmap.synthetic.roles import FOUNDATIONAL, SURVEY, TECHNIQUE, TWEAK


@dataclass(frozen=True)
class Topic:
    """The words one sub-topic is written in."""

    name: str
    stems: tuple[str, ...]  # technique-name stems ("Graph" → "GraphFormer")
    tasks: tuple[str, ...]
    methods: tuple[str, ...]
    venues: tuple[str, ...]


def _t(name: str, stems: str, tasks: str, methods: str, venues: str) -> Topic:
    return Topic(name, *(tuple(s.split("|")) for s in (stems, tasks, methods, venues)))


#: Plausible sub-topics of machine learning, in the order topics are numbered.
# fmt: off
TOPICS: tuple[Topic, ...] = (
    _t("graph neural networks", "Graph|GNN|Node", "node classification|link prediction|graph classification|molecular property prediction", "message passing|graph attention|graph convolution|spectral filtering", "LoG|KDD"),  # noqa: E501
    _t("contrastive learning", "Contra|SimC|Moco", "self-supervised representation learning|image retrieval|visual pre-training", "contrastive objectives|negative sampling|momentum encoders|instance discrimination", "CVPR|ECCV"),  # noqa: E501
    _t("retrieval-augmented generation", "Rag|Retro|Fusion", "open-domain question answering|knowledge-intensive generation|fact verification", "dense retrieval|retrieval augmentation|re-ranking|memory tokens", "ACL|EMNLP"),  # noqa: E501
    _t("diffusion models", "Diff|Score|Denoise", "image synthesis|text-to-image generation|audio generation|inpainting", "denoising diffusion|score matching|classifier-free guidance|latent diffusion", "CVPR|NeurIPS"),  # noqa: E501
    _t("reinforcement learning from human feedback", "Pref|Align|Reward", "preference alignment|instruction following|dialogue safety", "reward modelling|preference optimisation|policy gradients|KL regularisation", "ACL|NeurIPS"),  # noqa: E501
    _t("vision transformers", "ViT|Swin|Patch", "image classification|dense prediction|video recognition", "self-attention|patch embeddings|hierarchical transformers|token pruning", "ICCV|CVPR"),  # noqa: E501
    _t("federated learning", "Fed|Split|Cohort", "privacy-preserving training|on-device learning|cross-silo learning", "client aggregation|secure aggregation|personalised models|client sampling", "MLSys|INFOCOM"),  # noqa: E501
    _t("knowledge distillation", "Distil|Teach|Mimic", "model compression|efficient inference|student training", "soft targets|feature distillation|teacher ensembles|self-distillation", "AAAI|ICCV"),  # noqa: E501
    _t("few-shot learning", "Proto|Meta|Shot", "few-shot classification|meta-learning|cross-domain adaptation", "prototypical networks|metric learning|episodic training|task embeddings", "ICLR|ECCV"),  # noqa: E501
    _t("object detection", "Det|Yolo|Anchor", "object detection|instance segmentation|pedestrian detection", "region proposals|anchor-free heads|feature pyramids|set prediction", "CVPR|ICCV"),  # noqa: E501
    _t("speech recognition", "Wav|Conf|Speech", "automatic speech recognition|speaker verification|speech translation", "connectionist temporal classification|conformers|self-supervised speech models|acoustic modelling", "Interspeech|ICASSP"),  # noqa: E501
    _t("neural machine translation", "Trans|Seq|Lingo", "machine translation|multilingual translation|low-resource translation", "sequence-to-sequence models|attention mechanisms|back-translation|subword units", "ACL|WMT"),  # noqa: E501
    _t("recommender systems", "Rec|Rank|Click", "recommendation|click-through rate prediction|session-based recommendation", "collaborative filtering|factorisation machines|sequential recommenders|two-tower retrieval", "RecSys|WWW"),  # noqa: E501
    _t("adversarial robustness", "Robust|Adv|Shield", "adversarial defence|certified robustness|robust classification", "adversarial training|randomised smoothing|gradient masking|robust optimisation", "ICLR|IEEE S&P"),  # noqa: E501
    _t("explainable AI", "Explain|Attr|Shap", "model interpretation|feature attribution|concept discovery", "saliency maps|Shapley values|counterfactual explanations|concept activation vectors", "FAccT|AISTATS"),  # noqa: E501
    _t("time-series forecasting", "Temporal|Informer|Horizon", "long-horizon forecasting|anomaly detection|traffic forecasting", "temporal convolutions|sparse attention|seasonal decomposition|state-space models", "KDD|IJCAI"),  # noqa: E501
    _t("model compression", "Prune|Quant|Sparse", "model compression|low-bit inference|efficient deployment", "weight pruning|quantisation|low-rank factorisation|lottery tickets", "MLSys|ICLR"),  # noqa: E501
    _t("continual learning", "Lifelong|Replay|Elastic", "class-incremental learning|catastrophic forgetting|online learning", "experience replay|weight consolidation|parameter isolation|generative replay", "CoLLAs|NeurIPS"),  # noqa: E501
    _t("neural radiance fields", "Nerf|Radiance|Splat", "novel view synthesis|3D reconstruction|scene relighting", "volume rendering|implicit representations|hash encodings|Gaussian splatting", "SIGGRAPH|CVPR"),  # noqa: E501
    _t("code generation", "Code|Synth|Program", "program synthesis|code completion|automated repair", "code language models|execution feedback|test-time search|syntax-aware decoding", "ICSE|ICLR"),  # noqa: E501
    _t("offline reinforcement learning", "Offline|Batch|Conserv", "offline policy learning|off-policy evaluation|robot learning", "conservative value estimation|behaviour regularisation|decision transformers|model-based planning", "CoRL|ICML"),  # noqa: E501
    _t("named entity recognition", "Ner|Span|Tag", "named entity recognition|entity linking|relation extraction", "conditional random fields|span classification|sequence labelling|distant supervision", "NAACL|COLING"),  # noqa: E501
    _t("anomaly detection", "Anom|Outlier|Novel", "anomaly detection|out-of-distribution detection|fraud detection", "one-class classification|reconstruction errors|density estimation|energy scores", "KDD|ICDM"),  # noqa: E501
    _t("multimodal learning", "Clip|Fuse|Vision-Language", "visual question answering|image captioning|cross-modal retrieval", "vision-language pre-training|cross-attention|modality alignment|prompt tuning", "ACL|NeurIPS"),  # noqa: E501
)
# fmt: on
#: Names of the available sub-topics.
TOPIC_NAMES: tuple[str, ...] = tuple(t.name for t in TOPICS)

GENERAL_VENUES = ("NeurIPS", "ICML", "ICLR", "AAAI", "IJCAI", "arXiv.org", "JMLR", "TPAMI")
SURVEY_VENUES = ("ACM Computing Surveys", "TPAMI", "Foundations and Trends in Machine Learning",
                 "arXiv.org", "Artificial Intelligence Review")  # fmt: skip

_SUFFIXES = (
    "Former", "Net", "Mix", "Flow", "Align", "Prompt", "Boost", "Lite", "Fusion", "Hop",
    "Shift", "Stack", "Gate", "Mamba", "Star", "Pro", "Zero", "Loop", "Tune", "Scale",
)  # fmt: skip
_MODIFICATIONS = (
    "Adaptive Normalization", "Curriculum Sampling", "Sparse Attention",
    "Contrastive Regularization", "Learned Positional Encodings", "a Mixture of Experts",
    "Low-Rank Adapters",
    "Knowledge Distillation", "Label Smoothing", "Stronger Data Augmentation",
    "Uncertainty Calibration", "Dynamic Routing", "Hard Negative Mining", "Multi-Scale Features",
    "Layer-wise Learning Rates", "Auxiliary Losses", "Test-Time Adaptation", "Weight Averaging",
    "Gated Residuals", "Memory Replay", "Hierarchical Pooling", "Token Merging",
)  # fmt: skip
_ADJECTIVES = ("Efficient", "Scalable", "Robust", "Simple", "Unified", "Deep", "Generalizable",
               "Lightweight", "Principled", "Fast", "Accurate", "Interpretable")  # fmt: skip
_OWNERS = ("deepmind-lab", "ml-group", "nlp-lab", "vision-lab", "ai-research", "openlab",
           "stats-ml", "cmu-ml", "uw-nlp", "tsinghua-ai", "eth-ml", "mila-lab")  # fmt: skip
_FIRST = ("A.", "B.", "C.", "D.", "E.", "F.", "G.", "H.", "J.", "K.", "L.", "M.", "N.", "P.",
          "R.", "S.", "T.", "W.", "X.", "Y.", "Z.")  # fmt: skip
_LAST = ("Chen", "Wang", "Li", "Zhang", "Liu", "Smith", "Kumar", "Garcia", "Müller", "Kim",
         "Nguyen", "Rossi", "Dubois", "Tanaka", "Ivanova", "Silva", "Cohen", "Okafor", "Jensen",
         "Novak", "Singh", "Park", "Ahmed", "Lopez", "Brown", "Yamada", "Hassan", "Petrov",
         "Schmidt", "Moreau", "Khan", "Olsen", "Zhou", "Huang", "Yang", "Wu")  # fmt: skip


def author_name(author_id: int) -> str:
    """A stable display name for a synthetic author id."""
    return f"{_FIRST[author_id % len(_FIRST)]} {_LAST[(author_id * 7919 // 3) % len(_LAST)]}"


def technique_names(topic: np.ndarray, rng: np.random.Generator) -> list[str]:
    """Unique names ("GraphFormer", "GraphFormer-2") for techniques of the given topics."""
    stem_pick = rng.integers(0, 1 << 30, len(topic))
    suffix_pick = rng.integers(0, len(_SUFFIXES), len(topic))
    seen: dict[str, int] = {}
    names = []
    for k, s, x in zip(topic.tolist(), stem_pick.tolist(), suffix_pick.tolist(), strict=True):
        stems = TOPICS[k].stems
        base = stems[s % len(stems)] + _SUFFIXES[x]
        seen[base] = seen.get(base, 0) + 1
        names.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return names


def code_urls(names: list[str], rng: np.random.Generator) -> list[str]:
    """``https://github.com/<owner>/<repo>`` links, repo named after the paper's method."""
    owners = rng.integers(0, len(_OWNERS), len(names)).tolist()
    return [
        f"https://github.com/{_OWNERS[o]}/{name.lower().replace(' ', '-')}"
        for o, name in zip(owners, names, strict=True)
    ]


def _first(s: str) -> str:
    return s[:1].upper() + s[1:]


_SMALL = frozenset(("a", "an", "and", "by", "for", "in", "of", "on", "the", "to", "with", "via"))


@lru_cache(maxsize=4096)
def _cap(s: str) -> str:
    """Title case as papers use it: "Graph classification" → "Graph Classification".

    Cached: the vocabulary is a few hundred phrases and a million titles reuse them."""
    words = s.split(" ")
    return " ".join(
        w if (j and w in _SMALL) or w[:1].isupper() else w[:1].upper() + w[1:]
        for j, w in enumerate(words)
    )


def make_titles(
    role: np.ndarray,
    topic: np.ndarray,
    name: list[str],
    parent: np.ndarray,
    task_pick: np.ndarray,
    method_pick: np.ndarray,
    rng: np.random.Generator,
    fresh: np.random.Generator,
) -> list[str]:
    """One title per paper; ``name`` holds technique names ("" elsewhere), ``parent`` indices.

    ``task_pick`` / ``method_pick`` choose the paper's task and method words, shared with its
    abstract so both tell the same story. ``fresh`` re-draws titles that repeat (`unique_titles`).
    """
    n = len(role)
    a, b = task_pick.tolist(), method_pick.tolist()
    c, d = (rng.integers(0, 1 << 30, n).tolist() for _ in range(2))
    roles, topics, par = role.tolist(), topic.tolist(), parent.tolist()

    def build(idx: list[int], c: list[int], d: list[int]) -> list[str]:
        out: list[str] = []
        for j, i in enumerate(idx):
            r, tp = roles[i], TOPICS[topics[i]]
            task = tp.tasks[a[i] % len(tp.tasks)]
            method = tp.methods[b[i] % len(tp.methods)]
            adj = _ADJECTIVES[c[j] % len(_ADJECTIVES)]
            form = d[j] % 4
            if r == TWEAK:
                mod = _MODIFICATIONS[(a[i] // 7 + b[i]) % len(_MODIFICATIONS)]
                tail = ("", f" for {_cap(task)}", "", f" for {adj} {_cap(task)}")[form]
                out.append(f"{name[par[i]]} with {mod}{tail}")
            elif r == TECHNIQUE:
                out.append(
                    (
                        f"{name[i]}: {adj} {_cap(method)} for {_cap(task)}",
                        f"{name[i]}: Towards {adj} {_cap(task)}",
                        f"{name[i]}: A New Approach to {_cap(task)}",
                        f"{name[i]}: Rethinking {_cap(method)} for {_cap(task)}",
                    )[form]
                )
            elif r == SURVEY:
                out.append(
                    (
                        f"A survey of {tp.name}",
                        f"{_cap(tp.name)}: a review",
                        f"A survey of {method} for {task}",
                        f"{_cap(method)} in {tp.name}: a review",
                    )[form]
                )
            elif r == FOUNDATIONAL:
                out.append(
                    (
                        f"{_cap(method)} for {_cap(task)}",
                        f"Learning {_cap(task)} by {_cap(method)}",
                        f"A {adj} Framework for {_cap(task)}",
                        f"{adj} {_cap(method)}",
                    )[form]
                )
            else:
                # one in eight ordinary titles also reads "… with …": a distractor
                out.append(_ordinary_title(method, task, adj, d[j]))
        return out

    return unique_titles(build(list(range(n)), c, d), build, fresh)


REDRAWS = 3
"""How often `unique_titles` re-draws a repeated title before it numbers it."""


def unique_titles(
    titles: list[str],
    build: Callable[[list[int], list[int], list[int]], list[str]],
    fresh: np.random.Generator,
) -> list[str]:
    """``titles`` with no title twice: real S2 fields rarely repeat one, and a reading list
    whose entries share a title cannot be told apart.

    The first paper (in publication order) keeps a title; each later one re-draws its adjective
    and form (``build(indices, c, d)``, its task and method words stay those of its abstract)
    up to `REDRAWS` times from ``fresh``, a random stream of its own so no other draw of the
    field moves, then takes the first free "<title> (k)", k = 2, 3, ... The number depends on
    the order only, so it is no role cue.
    """
    out = list(titles)
    seen: set[str] = set()
    clash: list[int] = []
    for i, t in enumerate(out):
        if t in seen:
            clash.append(i)
        else:
            seen.add(t)
    for _ in range(REDRAWS):
        if not clash:
            break
        c, d = (fresh.integers(0, 1 << 30, len(clash)).tolist() for _ in range(2))
        left: list[int] = []
        for i, t in zip(clash, build(clash, c, d), strict=True):
            if t in seen:
                left.append(i)
            else:
                seen.add(t)
                out[i] = t
        clash = left
    last: dict[str, int] = {}  # the highest number given to each title so far
    for i in clash:
        k = last.get(out[i], 1) + 1
        while f"{out[i]} ({k})" in seen:  # a drawn title may already read so
            k += 1
        last[out[i]] = k
        out[i] = f"{out[i]} ({k})"
        seen.add(out[i])
    return out


def _ordinary_title(method: str, task: str, adj: str, form: int) -> str:
    return (
        f"{adj} {_cap(method)} for {_cap(task)}",
        f"On the Limits of {_cap(method)} in {_cap(task)}",
        f"Rethinking {_cap(method)} for {_cap(task)}",
        f"An Empirical Study of {_cap(method)} for {_cap(task)}",
        f"Towards {adj} {_cap(task)}",
        f"{_cap(method)} Improves {_cap(task)}",
        f"Revisiting {_cap(task)}: {adj} Baselines",
        f"Scaling {_cap(task)} with {_cap(method)}",
    )[form % 8]


def neutral_titles(
    topic: np.ndarray,
    name: list[str],
    task_pick: np.ndarray,
    method_pick: np.ndarray,
    rng: np.random.Generator,
    fresh: np.random.Generator,
) -> list[str]:
    """Titles with no role cue: every paper draws from the same forms, and three in ten of any
    role lead with a method name (a technique its own, others one of their own coinage).
    ``fresh`` re-draws titles that repeat (`unique_titles`)."""
    n = len(topic)
    a, b = task_pick.tolist(), method_pick.tolist()
    c, d = (rng.integers(0, 1 << 30, n).tolist() for _ in range(2))
    named = (rng.random(n) < 0.3).tolist()
    coined = technique_names(topic, rng)
    topics = topic.tolist()

    def build(idx: list[int], c: list[int], d: list[int]) -> list[str]:
        out: list[str] = []
        for j, i in enumerate(idx):
            tp = TOPICS[topics[i]]
            title = _ordinary_title(
                tp.methods[b[i] % len(tp.methods)], tp.tasks[a[i] % len(tp.tasks)],
                _ADJECTIVES[c[j] % len(_ADJECTIVES)], d[j],
            )  # fmt: skip
            out.append(f"{name[i] or coined[i]}: {title}" if named[i] else title)
        return out

    return unique_titles(build(list(range(n)), c, d), build, fresh)


def make_abstracts(
    role: np.ndarray,
    topic: np.ndarray,
    year: np.ndarray,
    name: list[str],
    parent: np.ndarray,
    code_url: list[str],
    dataset: list[str],
    n_refs: np.ndarray,
    task_pick: np.ndarray,
    method_pick: np.ndarray,
    rng: np.random.Generator,
    patterned: bool = True,
) -> tuple[list[str | None], list[str | None]]:
    """Abstracts and TL;DRs. Code links and released datasets are written into the abstract.

    Unless ``patterned``, a tweak's abstract names its parent only four times in ten (else it
    reads as an ordinary paper's), and three in twenty other papers name an earlier technique
    of their topic, so naming a method is evidence, not proof, of building on it.
    """
    n = len(role)
    says_parent = np.ones(n, dtype=bool)
    mentions: list[str] = [""] * n
    if not patterned:
        says_parent = rng.random(n) < 0.4
        tech = np.flatnonzero(role == TECHNIQUE)
        talk = np.flatnonzero((rng.random(n) < 0.15) & (role != TECHNIQUE) & (role != TWEAK))
        pick = rng.random(len(talk))
        for k in np.unique(topic[talk]).tolist():
            tk = tech[topic[tech] == k]  # ascending index = publication order
            mine = topic[talk] == k
            earlier = np.searchsorted(tk, talk[mine])
            for i, m, u in zip(talk[mine].tolist(), earlier.tolist(), pick[mine].tolist(),
                               strict=True):  # fmt: skip
                if m:
                    mentions[i] = name[int(tk[int(u * m)])]
    a, b = task_pick.tolist(), method_pick.tolist()
    gain = np.round(rng.uniform(0.5, 9.5, n), 1).tolist()
    no_abstract = (rng.random(n) < 0.05).tolist()
    has_tldr = (rng.random(n) < 0.7).tolist()
    abstracts: list[str | None] = []
    tldrs: list[str | None] = []
    for i, (r, k) in enumerate(zip(role.tolist(), topic.tolist(), strict=True)):
        tp = TOPICS[k]
        task = tp.tasks[a[i] % len(tp.tasks)]
        method = tp.methods[b[i] % len(tp.methods)]
        other = tp.methods[(b[i] + 1) % len(tp.methods)]
        if r == TWEAK and says_parent[i]:
            mod = _MODIFICATIONS[(a[i] // 7 + b[i]) % len(_MODIFICATIONS)].lower()
            what = name[parent[i]]
            body = (
                f"{what} is a strong method for {task}, but it is sensitive to its training "
                f"setup. We extend {what} with {mod}, a small change that keeps its "
                f"architecture intact. On standard {task} benchmarks the modified {what} "
                f"improves accuracy by {gain[i]}% at little extra cost."
            )
            tldr = f"{what} with {mod} improves {task} by {gain[i]}%."
        elif r == TECHNIQUE:
            body = (
                f"{_first(task)} remains difficult for existing {method} approaches. We introduce "
                f"{name[i]}, a new method that combines {method} with {other}. {name[i]} "
                f"outperforms prior work on {task} by {gain[i]}% and serves as a general recipe "
                f"for {tp.name}."
            )
            tldr = f"{name[i]} is a new {method} method for {task}."
        elif r == SURVEY:
            body = (
                f"This survey reviews {int(n_refs[i])} papers on {tp.name} published up to "
                f"{int(year[i])}. We organise {method} and {other} into a taxonomy, compare "
                f"their results on {task}, and list open problems."
            )
            tldr = f"A survey of {tp.name}."
        elif r == FOUNDATIONAL:
            body = (
                f"We propose a general approach to {task} based on {method}. The approach "
                f"learns directly from data and sets a new state of the art on {task}. We "
                f"analyse why {method} works and show it transfers to related problems in "
                f"{tp.name}."
            )
            tldr = f"{_first(method)} gives a general approach to {task}."
        else:
            body = (
                f"We study {method} for {task}. Our analysis shows that {other} and {method} "
                f"are complementary, and a simple combination gains {gain[i]}% over strong "
                f"baselines on {task}."
            )
            tldr = f"{_first(method)} and {other} are complementary for {task}."
        extra = f" We compare with {mentions[i]}." if mentions[i] else ""
        if dataset[i]:
            extra += f" We release the {dataset[i]} dataset for {task}."
        if code_url[i]:
            extra += f" Code is available at {code_url[i]}."
        if no_abstract[i] and not extra and r not in (TWEAK, TECHNIQUE, SURVEY):
            abstracts.append(None)  # as for real papers whose publisher withholds the abstract
        else:
            abstracts.append(body + extra)
        tldrs.append(tldr if has_tldr[i] else None)
    return abstracts, tldrs


def dataset_names(topic: np.ndarray, rng: np.random.Generator) -> list[str]:
    """Names such as "GraphBench-12K" for datasets papers release."""
    stems = rng.integers(0, 1 << 30, len(topic)).tolist()
    size = rng.integers(1, 500, len(topic)).tolist()
    kind = rng.integers(0, 4, len(topic)).tolist()
    out = []
    for k, s, z, t in zip(topic.tolist(), stems, size, kind, strict=True):
        st = TOPICS[k].stems
        out.append(f"{st[s % len(st)]}{('Bench', 'QA', 'Set', 'Eval')[t]}-{z}K")
    return out


def unmatched_title(topic: int, j: int) -> str:
    """Title of a reference S2 could not match to a paper (a report, a thesis, a web page)."""
    tp = TOPICS[topic]
    kinds = ("Technical report on", "Lecture notes on", "PhD thesis on", "Blog post on")
    return f"{kinds[j % len(kinds)]} {tp.tasks[j % len(tp.tasks)]}"
