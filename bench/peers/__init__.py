"""Peer toolkits (Joey NMT 2.3.0, OpenNMT-py 3.5.1) trained, timed and scored on our prepared data.

Set-up, once per machine (idempotent; torch==2.13.0 goes in first and stays pinned in each venv):

    bash bench/peers/setup.sh            # bench/.venv-joey, bench/.venv-onmt (git-ignored)

Everything else runs with the project's own python and shells out to a venv's python, which runs
bench/peers/driver.py (standard library + torch + the peer only):

    python -m bench peers --peer joey --prepared data/prepared/en-es --preset speed --steps 100 \\
        --work bench/work/joey-speed --limit 100          # prints a JSON summary

Every caller (`python -m bench peers`, bench.quality, bench.parts) trains and translates a peer the
same way, through common.train and common.translate with the peer from PEERS:

    from bench.peers import PEERS, common, onmt
    joey = PEERS["joey"]
    run = common.train(joey, "data/prepared/en-es", "bench/work/joey-q", preset="quality", minutes=90)
    out = common.translate(joey, "bench/work/joey-q", sources, references=refs, beam_size=5, alpha=0.75)
    server = onmt.start_server("bench/work/onmt-speed", port=5055, beam_size=5)
    onmt.client_translate(server.url, "In the beginning God created the heaven and the earth.")
    onmt.stop_server(server)

Modules: `common` (presets, data, running a peer, throughput, scoring: everything the peers share),
`joey` and `onmt` (each peer's config mapping and command line; onmt also the REST server and its
client), `driver` (runs inside a venv), `cli` (`python -m bench peers`), `setup.sh`.

Data. The peers read our data as sentencepiece pieces separated by spaces (same model, so the same
8,000-entry vocabulary: our pieces minus pad/unk/bos/eos, plus each peer's own four specials), and
their output pieces are detokenised with the same model and scored with training.scoring, so the
sacrebleu signatures are ours. A work directory holds data/ (pieces, vocab), the peer's config
(joey.yaml / onmt.yaml), model/, train.log, peer.json (the training summary translate() reads) and
one decode-<greedy|beamK>/ folder per decoding (pieces in and out, hyp.txt, translate.log).

Presets (common.PRESETS; a Preset can be passed instead of a name):

| | speed (the same small model in every toolkit) | quality (configs/en-es.yaml) |
|---|---|---|
| embedding / encoder (both directions) / decoder | 256 / 256 / 256 | 256 / 512 / 512 |
| layers, dropout, label smoothing | 1+1, 0, 0 | 2+2, 0.2, 0.1 |
| batch | 64 sentences | 4096 target tokens / mean target length (~127 sentences) |
| Adam, clip | 1e-3 constant, 1.0 | 1e-3, 500 warm-up steps then inverse sqrt, 1.0 |
| tied embeddings | source = target = output layer | source = target (output: only if emb == hidden) |

Both: GRU, bidirectional encoder, additive (Bahdanau / `mlp`) attention, bridge from the encoder's
final state, no input feeding (ours has none), loss normalised by target tokens, training pairs
over 119 pieces on either side skipped (ours: 120 with EOS), no validation while training (the
final model is translated). Differences that cannot be removed: the peers' attention size is the
decoder size (ours: 256), their decoder is single-stack (attention over the top layer; ours attends
from layer 1), Joey batches random sentences (more padding than our length buckets), OpenNMT-py
batches from a length-sorted bucket of one epoch.

Training time and throughput. `minutes` is training time counted from the peer's first update (the
driver stops it at the next update boundary, and the peer saves its model as at the end of a normal
run); `steps` is a number of updates. Threads: OMP_NUM_THREADS/MKL_NUM_THREADS and
torch.set_num_threads. The driver prints one marker per update with a timestamp, the target tokens
of the update (pieces + EOS, padding excluded, counted from the batch tensors: the same definition
as our trainer's n_tokens) and its sentences. `tokens_per_s` = tokens of the updates after the
first tenth (at least 5; start-up: allocator, first shapes, first data bucket) divided by the time
from the end of the last skipped update to the end of the last update. `tokens_per_s_median_window`
is the median over windows of log_every updates (robust to a stall caused by another process);
`peer_reported_tokens_per_s` is the median of the peer's own log figures (its own clock and
counting; a cross-check only).

Translation: batches of 64 sentences, greedy (beam 1) or beam search. `decode_seconds` is the time
the peer spent translating (wrapped around Joey's predict / OpenNMT-py's infer_file: no start-up,
no model loading); `wall_seconds` is the whole process. sentences/s and target tokens/s (output
pieces + EOS) use decode_seconds. Length penalty: OpenNMT-py `-length_penalty avg -alpha A` is
ours (log P / L^A); Joey's `beam_alpha` is the GNMT form log P / ((5 + L) / 6)^A, which no alpha
makes equal to ours. Output is capped at 1.5 x source length (ours: 1.5 x source + 10; Joey: 1.5 x
the longest source of the batch). Joey skips empty source lines, so translate() refuses them.

Gotchas met on this machine: bench/peers/onmt.py would shadow the real `onmt` package inside the
venv (the driver drops its own folder from sys.path); Joey's `translate -o FILE` crashes (stdout is
used) and its end-of-training test needs a best.ckpt that exists only after validation (the driver
passes --skip-test); OpenNMT-py's default bucket (262,144 pairs) reads our corpus several times
before the first batch (bucket = one epoch here); onmt_server needs sentencepiece in its venv (the
set-up adds the project's pin) and answers an unknown model id with HTTP 500. Joey NMT never
learns on our 8,000-piece vocabulary with its default embedding initialisation (Xavier-uniform over
the whole table, standard deviation 0.016): its output layer has no bias, the tanh of its attention
vector saturates within 20 updates at Adam 1e-3, and the loss stays at the unigram level (6.2, a
comma for every word) for good; joey.py starts the embeddings as ours (bench/PROFILE.md, "Why Joey
NMT did not learn here"). The 2-core machine is shared: with other jobs running, Joey's 2-thread
training fell from ~2,400 to 160-290 target tokens/s, so repeat timings (at least 3 runs), report
medians, and keep `timeout` limits generous.
"""

from bench.peers import joey, onmt
from bench.peers.common import Peer

PEERS: dict[str, Peer] = {peer.name: peer for peer in (joey.PEER, onmt.PEER)}
