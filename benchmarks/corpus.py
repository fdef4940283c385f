"""A real-shaped BibTeX corpus: invented entries written as DBLP, Google Scholar, Zotero and al-folio
export them (braces protecting capitals, LaTeX accents, math in titles, long abstracts, DOIs, arXiv
ids, crossrefs-free DBLP keys such as `DBLP:conf/icml/Zhang21`), for the build-speed benchmark at the
scale of a large lab (issue 18: 1,865 entries).

Nothing here is a real paper: titles, co-authors, DOIs and arXiv ids are made up from word lists (DOIs
under the `10.5555` test prefix; arXiv numbers from 50000 on, which arXiv has not issued in any
month), so the corpus is never published and never points at someone's work. It is deterministic
(one seed), so every run builds the same corpus.

    .venv/bin/python benchmarks/corpus.py --entries 1865 > big.bib
"""

from __future__ import annotations

import argparse
import random
import sys

#: the owner's name as the exports write it (the site's profile.yaml: Hao Zhang)
OWNER = ("Hao", "Zhang")

GIVEN = ["Jürgen", "Zoë", "José", "François", "Łukasz", "Søren", "Ana", "Wei", "Yuki", "Priya", "Omar",
         "Chloé", "Nikola", "Ingrid", "Mateo", "Aisha", "Tomás", "Björn", "Mei", "Dmitri", "Renée", "Kofi",
         "Elif", "Hélène"]  # fmt: skip
FAMILY = ["Müller", "Gödel", "Nuñez", "Dvořák", "Çelik", "Schäfer", "Lefèvre", "Kowalczyk", "García", "Sørensen",
          "Tanaka", "Okafor", "Novák", "Ibáñez", "Øvergaard", "Peña", "Chen", "Rao", "Haddad", "Lindqvist",
          "Brontë", "Duchêne", "Wójcik", "Nakamura"]  # fmt: skip
#: how BibTeX exports write the accented letters (each tool its own way)
LATEX_ACCENTS = {
    "ü": ['{\\"u}', '\\"{u}', '{\\"{u}}'], "ö": ['{\\"o}', '\\"{o}'], "ë": ['{\\"e}'], "é": ["{\\'e}", "\\'{e}"],
    "è": ["{\\`e}"], "ê": ["{\\^e}"], "ñ": ["{\\~n}"], "ř": ["{\\v{r}}", "\\v{r}"], "Ç": ["{\\c{C}}"],
    "ä": ['{\\"a}'], "ó": ["{\\'o}"], "á": ["{\\'a}"], "Ł": ["{\\L}"], "ø": ["{\\o}"], "Ø": ["{\\O}"],
    "ń": ["{\\'n}"], "Ö": ['{\\"O}'],
}  # fmt: skip
ADJECTIVES = [
    "Scalable",
    "Efficient",
    "Robust",
    "Adaptive",
    "Distributed",
    "Federated",
    "Sparse",
    "Causal",
    "Differentiable",
    "Probabilistic",
    "Hierarchical",
    "Asynchronous",
    "Memory-Efficient",
    "Provable",
]
NOUNS = ["Training", "Inference", "Decoding", "Scheduling", "Attention", "Retrieval", "Pipelines", "Serving",
         "Compilation", "Optimization", "Quantization", "Distillation", "Parallelism", "Caching"]  # fmt: skip
SYSTEMS = ["LLM", "GPU", "TPU", "BERT", "GPT", "MoE", "RLHF", "ViT", "CUDA", "SGD", "KV"]
MATH = ["$O(n \\log n)$", "$\\alpha$-Divergence", "$k$-Means", "$\\ell_1$", "$\\epsilon$-Greedy",
        "$\\mathcal{O}(1)$", "$2^{k}$", "$\\sqrt{n}$"]  # fmt: skip
VENUES = [("ICML", "Proceedings of the 38th International Conference on Machine Learning", "PMLR"),
          ("NeurIPS", "Advances in Neural Information Processing Systems", "Curran Associates"),
          ("OSDI", "16th {USENIX} Symposium on Operating Systems Design and Implementation",
           "{USENIX} Association"),
          ("SOSP", "Proceedings of the 29th Symposium on Operating Systems Principles", "{ACM}"),
          ("MLSys", "Proceedings of Machine Learning and Systems", "mlsys.org"),
          ("ICLR", "The Twelfth International Conference on Learning Representations", "OpenReview.net")]  # fmt: skip
JOURNALS = [
    "Journal of Machine Learning Research",
    "{IEEE} Transactions on Parallel and Distributed Systems",
    "Communications of the {ACM}",
    "Proceedings of the {VLDB} Endowment",
    "Nature Machine Intelligence",
]
TOPICS = ["Diffusion Models", "Large Language Models", "ML Systems", "Agents", "Scalable ML"]
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
SENTENCE = [
    "We study {what} for {system} workloads at the scale of thousands of accelerators.",
    "Existing approaches either waste memory or leave the interconnect idle; we show that neither is necessary.",
    "Our method, which we call {name}, reaches {x}$\\times$ higher throughput with an accuracy drop below "
    "$\\epsilon = 10^{{-3}}$.",
    "The analysis gives a bound of $O(\\sqrt{{T}})$ regret and is tight up to logarithmic factors.",
    "Experiments on {system} models with up to {n}B parameters confirm the theory, and the code is open source.",
    "We also discuss limitations: the approach assumes {what} is known in advance, which holds in practice "
    "for the {system} deployments we examined (see the appendix for the ``na\\\"ive'' baseline).",
]


def _latex(text: str, rng: random.Random) -> str:
    """Unicode letters written as an exporter writes them in LaTeX (DBLP, Scholar), each its own way."""
    return "".join(rng.choice(LATEX_ACCENTS[c]) if c in LATEX_ACCENTS else c for c in text)


class Corpus:
    def __init__(self, seed: int = 18) -> None:
        self.rng = random.Random(seed)
        self.titles: set[str] = set()

    def person(self) -> tuple[str, str]:
        return self.rng.choice(GIVEN), self.rng.choice(FAMILY)

    def authors(self) -> list[tuple[str, str]]:
        people = [self.person() for _ in range(self.rng.randint(1, 9))]
        people.insert(self.rng.randrange(len(people) + 1), OWNER)
        return list(dict.fromkeys(people))

    def title(self, number: int) -> tuple[str, str]:
        """(title in LaTeX as exported, a short name); unique by the number in it."""
        rng = self.rng
        name = f"{rng.choice(SYSTEMS)}{rng.choice(['Flow', 'Serve', 'Opt', 'Shard', 'Pipe'])}{number}"
        shape = rng.randrange(4)
        if shape == 0:
            title = f"{{{name}}}: {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} for {{{rng.choice(SYSTEMS)}}}s"
        elif shape == 1:
            title = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} with {rng.choice(MATH)} Guarantees ({name})"
        elif shape == 2:
            system = rng.choice(SYSTEMS)
            title = f"On the {rng.choice(NOUNS)} of {rng.choice(ADJECTIVES)} {{{system}}} Models -- {name}"
        else:
            title = f"{{{name}}}: Towards {rng.choice(ADJECTIVES)} and {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
        return title, name

    def abstract(self, name: str) -> str:
        rng = self.rng
        words = {"what": rng.choice(NOUNS).lower(), "system": rng.choice(SYSTEMS), "name": name,
                 "x": rng.randint(2, 9), "n": rng.choice([7, 13, 70, 175])}  # fmt: skip
        return " ".join(s.format(**words) for s in SENTENCE * rng.randint(1, 2))

    # --- one entry per exporter ---------------------------------------------------------------

    def dblp(self, n: int, year: int) -> str:
        rng = self.rng
        title, name = self.title(n)
        short, booktitle, publisher = rng.choice(VENUES)
        authors = " and\n                  ".join(_latex(f"{g} {f}", rng) for g, f in self.authors())
        key = f"DBLP:conf/{short.lower()}/{name}{year % 100:02d}"
        return (
            f"@inproceedings{{{key},\n  author       = {{{authors}}},\n  title        = {{{title}}},\n"
            f"  booktitle    = {{{booktitle}, {{{short}}} {year}}},\n"
            f"  series       = {{Proceedings of Machine Learning Research}},\n"
            f"  volume       = {{{rng.randint(100, 250)}}},\n  pages        = {{{n}--{n + 14}}},\n"
            f"  publisher    = {{{publisher}}},\n  year         = {{{year}}},\n"
            f"  url          = {{https://proceedings.example.org/v{n}/{name.lower()}.html}},\n"
            f"  doi          = {{10.5555/dblp.{year}.{n}}},\n  timestamp    = {{Tue, 14 Mar 2023 10:15:03 +0100}},\n"
            f"  biburl       = {{https://dblp.org/rec/conf/{short.lower()}/{name}{year % 100:02d}.bib}},\n"
            f"  bibsource    = {{dblp computer science bibliography, https://dblp.org}}\n}}\n"
        )

    def scholar(self, n: int, year: int) -> str:
        rng = self.rng
        title, name = self.title(n)
        authors = " and ".join(_latex(f"{f}, {g}", rng) for g, f in self.authors())
        key = f"{name.lower()}{year}scholar"
        if rng.random() < 0.5:
            where = f"journal={{arXiv preprint arXiv:{year % 100:02d}{rng.randint(1, 12):02d}.{50000 + n:05d}}}"
        else:
            where = (
                f"journal={{{rng.choice(JOURNALS)}}},\n  volume={{{rng.randint(1, 40)}}},\n"
                f"  number={{{rng.randint(1, 12)}}},\n  pages={{{n}--{n + 9}}}"
            )
        return f"@article{{{key},\n  title={{{title}}},\n  author={{{authors}}},\n  {where},\n  year={{{year}}}\n}}\n"

    def zotero(self, n: int, year: int) -> str:
        rng = self.rng
        title, name = self.title(n)
        authors = " and ".join(f"{f}, {g}" for g, f in self.authors())  # Zotero writes Unicode as is
        key = f"{name.lower()}_{rng.choice(NOUNS).lower()}_{year}"
        return (
            f"@article{{{key},\n\ttitle = {{{title}}},\n\tvolume = {{{rng.randint(1, 40)}}},\n"
            f"\turl = {{https://journal.example.org/article/{n}}},\n\tdoi = {{10.5555/zotero.{year}.{n}}},\n"
            f"\tabstract = {{{self.abstract(name)}}},\n\tlanguage = {{en}},\n\tnumber = {{{rng.randint(1, 12)}}},\n"
            f"\turldate = {{2024-02-0{rng.randint(1, 9)}}},\n\tjournal = {{{rng.choice(JOURNALS)}}},\n"
            f"\tauthor = {{{authors}}},\n\tmonth = {rng.choice(MONTHS)},\n\tyear = {{{year}}},\n"
            f"\tkeywords = {{{rng.choice(NOUNS)}, {rng.choice(SYSTEMS)}}},\n\tpages = {{{n}--{n + 11}}},\n}}\n"
        )

    def alfolio(self, n: int, year: int) -> str:
        rng = self.rng
        title, name = self.title(n)
        short, booktitle, _ = rng.choice(VENUES)
        authors = " and ".join(_latex(f"{g} {f}", rng) for g, f in self.authors())
        lines = [
            f"  abbr={{{short}}}", "  bibtex_show={true}", f"  title={{{title}}}", f"  author={{{authors}}}",
            f"  booktitle={{{booktitle}}}", f"  year={{{year}}}", f"  abstract={{{self.abstract(name)}}}",
            f"  pdf={{https://arxiv.org/pdf/{year % 100:02d}{rng.randint(1, 12):02d}.{50000 + n:05d}}}",
            f"  code={{https://github.com/example-lab/{name.lower()}}}", f"  topics={{{rng.choice(TOPICS)}}}",
        ]  # fmt: skip
        if rng.random() < 0.05:
            lines.append("  selected={true}")
        return f"@inproceedings{{{name.lower()}{year},\n" + ",\n".join(lines) + "\n}\n"

    def entries(self, count: int, start: int = 1) -> list[str]:
        makers = [self.dblp, self.scholar, self.zotero, self.alfolio]
        out = []
        for i in range(count):
            n = start + i
            out.append(makers[i % len(makers)](n, 2005 + n % 20))
        return out


def corpus_bibtex(count: int, seed: int = 18) -> str:
    """`count` invented entries (DBLP, Scholar, Zotero, al-folio in turn), as one .bib text."""
    return "\n".join(Corpus(seed).entries(count))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=1865)
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args(argv)
    sys.stdout.write(corpus_bibtex(args.entries, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
