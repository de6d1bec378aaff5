"""How the real-world dev gold labels mentions by the side their speaker speaks for.

`python tools/speaker_sides.py` prints, for the gold speakers of the `dev` fold, the
stance counts per target and speaker side (`framing.mentions.sides`): the evidence for the
lexicon engine's reading of a rival side's voice and of the target's own side's. Only the dev fold is read.
"""

from __future__ import annotations

import pandas as pd

from framing import paths
from framing.evaluate.annotated import load_annotated_corpus
from framing.mentions.sides import opposes, speaker_side


def dev_gold() -> pd.DataFrame:
    return load_annotated_corpus(paths.REALWORLD_DIR, fold="dev").mentions


def side_table(gold: pd.DataFrame) -> pd.DataFrame:
    sides = gold["speaker"].map(lambda name: speaker_side(name) or ("narrator" if name == "narrator" else "none"))
    relation = [
        side if side in ("narrator", "none") else ("rival" if opposes(side, target) else "own")
        for side, target in zip(sides, gold["target"], strict=True)
    ]
    return pd.crosstab([gold["target"], pd.Series(relation, index=gold.index, name="speaker")], gold["stance"])


def main() -> None:
    table = side_table(dev_gold())
    print(table.to_string())
    rival = table.xs("rival", level="speaker")
    own = table.xs("own", level="speaker")
    print(f"\na rival side's voice: {int(rival['against'].sum())} of {int(rival.to_numpy().sum())} mentions against")
    print(f"the target's own side's voice: {int(own['against'].sum())} of {int(own.to_numpy().sum())} mentions against")


if __name__ == "__main__":
    main()
