"""The parts of `python -m bench run`, one module each; every part is a function `run(opts, results)`
that measures, then stores its figures in results.json under its own name.

| module | part | what it measures |
|---|---|---|
| `training` | 1 | training target tokens/s, ours vs Joey NMT vs OpenNMT-py (preset `speed`) |
| `translation` | 2 | batch translation of the test chapters with each toolkit's part-1 model, and Apertium |
| `service` | 3 | requests/s and latency of `python -m api` (batching on and off) and `onmt_server` |
| `int8` | 4 | int8 and bf16 against fp32 on the shipped model: speed and BLEU |
| `roofline` | 5 | peak matmul GFLOP/s of this machine and the share of it that decoding reaches |
| `scaling` | 6 | time of `Translator.translate` vs batch size, sentence length and beam size |

`context` holds what they share (options, results.json, the machine), `decoding` the timed
translation and batch-size matching used by parts 2, 4, 5 and 6, `targets` the ratios and the
targets they are held to, `report` results.md, `plots` results.png and scaling.png.
"""
