#!/usr/bin/env bash
# Quality figures (docs/quality.md): a dense transformer and an MoE transformer with the same
# per-token compute (scripts/quality/dense.yaml, scripts/quality/moe.yaml), trained for the same
# steps, seed and data order on the sample corpus (every language by default); validation loss curves, the step at
# which the MoE first reaches the dense model's final validation loss, and greedy BLEU per pair.
#
#   scripts/quality.sh                 # run both, print the report (target/quality/report.md)
#   scripts/quality.sh --update-docs   # and replace the generated part of docs/quality.md
#   scripts/quality.sh --report-only [--update-docs]   # the report of the runs in target/quality
#
# Environment (defaults in brackets):
#   LANGS            target languages taken from samples/corpus/train.tsv, or "all" [all]
#   STEPS            optimiser steps of both runs [2000]
#   EVAL_EVERY       validation loss every this many steps [50]
#   BLEU_SENTENCES   validation sentences per pair for BLEU at the end [50]
#   PARALLEL         1: both runs at once, one PyTorch thread each (fits 2 cores); 0: one after
#                    the other with THREADS threads [1]
#   THREADS          PyTorch intra-op threads per run [1]
#   MOE_EVERY        moeEvery of the MoE model (2: every other layer; 1: every layer) [2]
#   SEED             seed of both runs (split, vocabulary, initialisation, data order) [42]
#   QUALITY_DIR      work directory [target/quality]
#
# Everything goes to QUALITY_DIR (deleted first): corpus.tsv, the two configs with SEED, runs/
# {dense,moe}/ (metrics.tsv, checkpoints, data), logs, report.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
update_docs=0
report_only=0
for arg in "$@"; do
  case $arg in
    --update-docs) update_docs=1 ;;
    --report-only) report_only=1 ;;
    *) echo "usage: scripts/quality.sh [--report-only] [--update-docs]" >&2; exit 2 ;;
  esac
done

LANGS=${LANGS:-all}
STEPS=${STEPS:-2000}
EVAL_EVERY=${EVAL_EVERY:-50}
BLEU_SENTENCES=${BLEU_SENTENCES:-50}
PARALLEL=${PARALLEL:-1}
THREADS=${THREADS:-1}
SEED=${SEED:-42}
MOE_EVERY=${MOE_EVERY:-2}
work=${QUALITY_DIR:-target/quality}

if [ "$report_only" = 0 ]; then
# Pick JDK 25 before JAVA_TOOL_OPTIONS is set (.mvn/jdk.sh reads the first line of `java
# -version`, which JAVA_TOOL_OPTIONS turns into "Picked up JAVA_TOOL_OPTIONS").
. "$root/.mvn/jdk.sh"
if [ ! -f moe-cli/target/moe-cli.jar ]; then
  echo "quality: building moe-cli" >&2
  ./mvnw -B -q -o -DskipTests -pl moe-cli -am package
fi

rm -rf "$work"
mkdir -p "$work"
# The subset, interleaved round-robin by language: the engine's validation loss and BLEU read the
# first 256 pairs of its validation split, which then cover every language evenly.
awk -F'\t' -v langs="$LANGS" '
  BEGIN { if (langs != "all") { n = split(langs, a, " "); for (i = 1; i <= n; i++) keep[a[i]] = i } }
  NR == 1 { print; next }
  langs == "all" && !($2 in keep) { keep[$2] = ++n }
  ($2 in keep) { k = keep[$2]; c[k]++; row[k, c[k]] = $0; if (c[k] > most) most = c[k] }
  END { for (j = 1; j <= most; j++) for (i = 1; i <= n; i++) if (j <= c[i]) print row[i, j] }
' samples/corpus/train.tsv > "$work/corpus.tsv"
pairs=$(($(wc -l < "$work/corpus.tsv") - 1))
languages=$(tail -n +2 "$work/corpus.tsv" | cut -f2 | awk '!seen[$0]++' | tr '\n' ' ' | sed 's/ $//')

cpu=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //' || echo unknown)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u '+%Y-%m-%d %H:%M UTC')
echo "quality: $pairs pairs ($languages), $STEPS steps, eval every $EVAL_EVERY; $(nproc) CPUs, load $load_before" >&2

for run in dense moe; do
  sed -e "s#\.\./\.\./target/quality/#./#" -e "s/seed: 42}/seed: $SEED}/" "scripts/quality/$run.yaml" > "$work/$run.yaml"
  grep -q "seed: $SEED}" "$work/$run.yaml" || { echo "quality: no seed in scripts/quality/$run.yaml" >&2; exit 1; }
done
sed -i "s/moeEvery: 2,/moeEvery: $MOE_EVERY,/" "$work/moe.yaml"
grep -q "moeEvery: $MOE_EVERY," "$work/moe.yaml" || { echo "quality: no moeEvery in scripts/quality/moe.yaml" >&2; exit 1; }

train() { # name
  local t0=$(date +%s)
  JAVA_TOOL_OPTIONS="-Dai.djl.pytorch.num_threads=$THREADS" ./moe local train "$work/$1.yaml" \
      --steps "$STEPS" --eval-every "$EVAL_EVERY" --bleu-sentences "$BLEU_SENTENCES" \
      > "$work/$1.out" 2> "$work/$1.err"
  echo $(($(date +%s) - t0)) > "$work/$1.seconds"
}
t0=$(date +%s)
if [ "$PARALLEL" = 1 ]; then
  train dense & dense_pid=$!
  train moe & moe_pid=$!
  wait "$dense_pid" || { echo "quality: dense run failed, see $work/dense.err" >&2; exit 1; }
  wait "$moe_pid" || { echo "quality: moe run failed, see $work/moe.err" >&2; exit 1; }
else
  train dense || { echo "quality: dense run failed, see $work/dense.err" >&2; exit 1; }
  train moe || { echo "quality: moe run failed, see $work/moe.err" >&2; exit 1; }
fi
total=$(($(date +%s) - t0))
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
# What the report needs besides the runs' outputs, so that --report-only can rewrite it.
declare -p LANGS STEPS SEED MOE_EVERY EVAL_EVERY BLEU_SENTENCES PARALLEL THREADS pairs languages cpu load_before load_after started total \
  > "$work/run.env"

fi
[ -f "$work/run.env" ] || { echo "quality: no runs in $work; run scripts/quality.sh first" >&2; exit 1; }
. "$work/run.env"

{
  echo "Measured $started by \`scripts/quality.sh\` (LANGS=\"$LANGS\" STEPS=$STEPS SEED=$SEED MOE_EVERY=$MOE_EVERY"
  echo "EVAL_EVERY=$EVAL_EVERY BLEU_SENTENCES=$BLEU_SENTENCES PARALLEL=$PARALLEL THREADS=$THREADS) on $(nproc) CPUs ($cpu);"
  echo "load average (1/5/15 min; above $(nproc) means other work competed for the CPUs) $load_before before,"
  echo "$load_after after. Wall time: dense"
  echo "$(cat $work/dense.seconds) s, MoE $(cat $work/moe.seconds) s, both $total s$( [ "$PARALLEL" = 1 ] && echo ' (run at the same time)')."
  echo "Corpus: $pairs pairs of samples/corpus/train.tsv, English to $(wc -w <<< "$languages") languages ($languages)."
  echo
  awk -F'\t' -v every="$EVAL_EVERY" '
    FNR == 1 { run = (FILENAME ~ /dense/) ? "d" : "m"; next }
    $7 != "" { v[run, $1 + 0] = $7; if (!(($1 + 0) in seen)) { seen[$1 + 0] = 1; steps[++n] = $1 + 0 } last[run] = $1 + 0 }
    { tps[run] += $6; cnt[run]++; loss[run] = $2 }
    END {
      target = v["d", last["d"]]
      for (i = 1; i <= n; i++) if (first == "" && (("m", steps[i]) in v) && v["m", steps[i]] <= target) first = steps[i]
      printf "| | dense | MoE |\n|---|---|---|\n"
      printf "| final validation loss (step %d) | %.4f | %.4f |\n", last["d"], v["d", last["d"]], v["m", last["m"]]
      printf "| final training loss (incl. aux/z terms) | %.4f | %.4f |\n", loss["d"], loss["m"]
      printf "| mean training tokens/s | %.0f | %.0f |\n", tps["d"] / cnt["d"], tps["m"] / cnt["m"]
      printf "\n"
      if (first != "" && first < last["d"]) {
        printf "**The MoE first reaches the dense model'"'"'s final validation loss (%.4f, step %d) at step %d**", target, last["d"], first
        printf " (validation every %d steps): it needs %.0f%% fewer steps, %d / %d = %.2fx fewer.\n\n", every, 100 * (1 - first / last["d"]), last["d"], first, last["d"] / first
      } else {
        printf "**The MoE does not reach the dense model'"'"'s final validation loss (%.4f, step %d) in fewer steps**", target, last["d"]
        printf " (validation every %d steps; %s).\n\n", every, first == "" ? "not at all" : "first at step " first
      }
      printf "Validation loss (mean per-token cross-entropy, label smoothing 0.1, up to 32 validation pairs per language pair, the same pairs for both models):\n\n"
      printf "| step | dense | MoE | MoE - dense |\n|---:|---:|---:|---:|\n"
      for (i = 1; i <= n; i++) {
        s = steps[i]
        printf "| %d | %.4f | %.4f | %+.4f |\n", s, v["d", s], v["m", s], v["m", s] - v["d", s]
      }
    }' "$work/runs/dense/metrics.tsv" "$work/runs/moe/metrics.tsv"
  echo
  echo "Greedy BLEU per language pair at step $STEPS ($BLEU_SENTENCES validation sentences per pair at most; sacreBLEU defaults):"
  echo
  echo "| pair | dense | MoE |"
  echo "|---|---:|---:|"
  join -t'|' <(sed -n 's/^BLEU \(.*\) = \(.*\)$/\1|\2/p' "$work/dense.out" | sort) \
             <(sed -n 's/^BLEU \(.*\) = \(.*\)$/\1|\2/p' "$work/moe.out" | sort) |
    awk -F'|' '{ printf "| %s | %.2f | %.2f |\n", $1, $2, $3; d += $2; m += $3; n++ }
               END { if (n) printf "| mean | %.2f | %.2f |\n", d / n, m / n }'
} > "$work/report.md"
cat "$work/report.md"

if [ "$update_docs" = 1 ]; then
  doc=docs/quality.md
  begin='<!-- quality.sh:begin -->'
  end='<!-- quality.sh:end -->'
  grep -q "$begin" "$doc" || { echo "quality: $doc has no '$begin' marker" >&2; exit 1; }
  awk -v begin="$begin" -v end="$end" -v report="$work/report.md" '
    $0 == begin { print; while ((getline line < report) > 0) print line; skip = 1; next }
    $0 == end { skip = 0 }
    !skip { print }' "$doc" > "$doc.tmp"
  mv "$doc.tmp" "$doc"
  echo "quality: updated $doc" >&2
fi
