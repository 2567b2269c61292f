"""Print how well the automatic mapping does on the labelled question sets in tests/data/.

    python scripts/evaluate_mapping.py [--fejl]

mapping_eval.yaml (206 questions) is the development set: the cues were tuned against it.
mapping_eval_holdout.yaml (70 questions) was written separately, by someone who had not seen the
cues. Its first run gave 67/70 = 95,7 %; the three misses exposed general faults that were then
mended (the stem of "mener" equals "men", compounds written apart such as "ressource forløb", and
"over en tiårig periode" as a development cue), so its figure is now optimistic too.
mapping_eval_blind.yaml (60 questions) was written later, again blind, in more varied styles. Its
first run gave 50/60 = 83,3 %, the fairest figure we have. The misses led to general changes
("siden sidste opgørelse" and "sammenlignet med sidste år" ask for the count's own change, one
missing or doubled letter in longer words, "invalidepension", "dagpenge under sygdom", pay
questions); after them it gives 57/60.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.mapping import matcher_for
from generator.mapping.evaluation import evaluate, evaluate_calls, load_labelled, load_labelled_calls, report, report_calls
from generator.metrics.catalogue import load_catalogue
from generator.questionfile.writer import flow_call

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
SETS = {
    "udviklingssæt": "mapping_eval.yaml",
    "tilbageholdt sæt (tunet på siden: udviklingssæt)": "mapping_eval_holdout.yaml",
    "tidligere blindt sæt (tunet på siden: udviklingssæt)": "mapping_eval_blind.yaml",
}
# Calls with parameters (tests/data/PARAMETRE.md). The blind set was run once, 2026-11-30, when the
# mapper was finished against the development set: 92/95 (88/91 without the four questions the
# development set also happens to have, since removed). Its misses were fixed, so it is tuned on now.
# The second blind set (honesty above all: 40 of its 70 questions cannot be honoured) was run once,
# 2026-11-30, before any change: 46/70, 19/40 unanswerable flagged, none falsely (43/67 and 17/38
# without three questions the development set also has, since removed). Tuned on since.
# The third blind set (issue 20: 195 questions, 101 must-mark, inquiries with follow-ups) was run once on the code
# as it was (33/101 must-mark answered confidently, φ10 −356) and once after the closed-world reading (4/101,
# 8/94 answerable marked, 80/94 exact calls, φ10 77); its header has the figures. Tuned on since.
# The fourth blind set (same brief, 189 questions) was run once after the work on the third: 0/87 must-mark answered
# confidently, 10/102 answerable marked, 83/102 exact calls, 9 confident wrong calls, φ10 80. Tuned on since.
# The fifth (203 questions) was run once after the work on the fourth: 1/101 must-mark answered confidently, 13/102
# answerable marked, 85/102 exact calls, 4 confident wrong calls, φ10 135. Tuned on since.
# The sixth (218 questions, the answerable ones deliberately wordy) was run once after the frequent-word lexicon:
# 2/108 must-mark answered confidently, 24/110 answerable marked, 81/110 exact calls, 5 confident wrong. Tuned on since.
# The seventh (206) was run once after a second lexicon review: 4/98 must-mark answered confidently, 29/108 answerable
# marked, 76/108 exact calls, 3 confident wrong. Tuned on since.
CALL_SETS = {
    "parametre, udviklingssæt": "mapping_params.yaml",
    "parametre, blindt sæt (tunet på siden)": "mapping_params_blind.yaml",
    "parametre, blindt sæt 2 (tunet på siden)": "mapping_params_blind2.yaml",
    "parametre, blindt sæt 3 (tunet på siden)": "mapping_params_blind3.yaml",
    "parametre, blindt sæt 4 (tunet på siden)": "mapping_params_blind4.yaml",
    "parametre, blindt sæt 5 (tunet på siden)": "mapping_params_blind5.yaml",
    "parametre, blindt sæt 6 (tunet på siden)": "mapping_params_blind6.yaml",
    "parametre, blindt sæt 7 (tunet på siden)": "mapping_params_blind7.yaml",
    "parametre, blindt sæt 8 (tunet på siden)": "mapping_params_blind8.yaml",
    "parametre, blindt sæt 9 (tunet på siden)": "mapping_params_blind9.yaml",
    "parametre, blindt sæt 10 (visitationskategorier)": "mapping_params_blind10.yaml",
    "parametre, blindt sæt 11 (issue 24's nye dele)": "mapping_params_blind11.yaml",
    "parametre, blindt sæt 12 (andel af befolkningen)": "mapping_params_blind12.yaml",
    "parametre, blindt sæt 13 (opregnede herkomstgrupper)": "mapping_params_blind13.yaml",
    "parametre, blindt sæt 14 (tid, steder, grupper, det tallene ikke viser)": "mapping_params_blind14.yaml",
    "parametre, blindt sæt 15 (formelle anmodninger)": "mapping_params_blind15.yaml",
    "parametre, blindt sæt 16 (svarets form, ramme, henvisninger, stavefejl)": "mapping_params_blind16.yaml",
    "parametre, blindt sæt 17 (ord, der ændrer, hvem der tælles)": "mapping_params_blind17.yaml",
    "parametre, blindt sæt 18 (tal i spørgsmålet, der ikke er perioden)": "mapping_params_blind18.yaml",
    "parametre, blindt sæt 19 (nægtelser, hypoteser, prognoser, mål)": "mapping_params_blind19.yaml",
    "parametre, blindt sæt 20 (ordningerne, som folk kalder dem)": "mapping_params_blind20.yaml",
    "parametre, blindt sæt 21 (opfølgende spørgsmål i en henvendelse)": "mapping_params_blind21.yaml",
    "reelle spørgsmål til ministeren (blindt mærket)": "mapping_real.yaml",
    "reelle spørgsmål, andet sæt (blindt mærket, kørt én gang)": "mapping_real2.yaml",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fejl", action="store_true", help="vis hvert spørgsmål, der blev mappet forkert")
    parser.add_argument("--sæt", nargs="*", help="kun disse parametersæt (filnavne)")
    args = parser.parse_args()
    matcher = matcher_for(load_catalogue())
    every = []
    for name, file in SETS.items():
        questions = load_labelled(DATA / file)
        every += questions
        evaluation = evaluate(matcher, questions)
        print(report(f"{name} ({file})", evaluation))
        if args.fejl:
            for question, chosen in evaluation.failures:
                print(f"    ✗ {question.text!r}: forventet {sorted(question.expected)}, valgt {sorted(chosen)}")
    print(report("samlet", evaluate(matcher, every)).splitlines()[0])
    for name, file in CALL_SETS.items():
        if args.sæt and file not in args.sæt:
            continue
        questions = load_labelled_calls(DATA / file)
        evaluation = evaluate_calls(matcher, questions)
        print(report_calls(f"{name} ({file})", evaluation))
        if args.fejl:
            for question, chosen, flagged in evaluation.failures:
                expected = sorted(flow_call(c) for c in question.expected)
                print(f"    ✗ {question.text!r}\n        forventet {expected}{' + markering' if question.unhonourable else ''}\n        fik       {sorted(flow_call(c) for c in chosen)} {list(flagged) if flagged else ''}")


if __name__ == "__main__":
    main()
