#!/usr/bin/env bash
# Writes reference WAV files into the directory given as $1, for the WAV decoder tests.
# Files come from independent encoders (sox, and ffmpeg when present) so the decoder
# is checked against real-world headers, not just against our own encoder.
#
#   sine_<rate>_<enc>_<ch>ch.wav  0.5 s, channel 1 = 440 Hz, channel 2 = 880 Hz, peak 0.5
#   ffmpeg_<rate>_<codec>.wav     0.5 s, 440 Hz mono, ffmpeg's default amplitude (1/8)
#
# -D turns sox's automatic dither off so peaks are exactly what was asked for.
set -euo pipefail

out="${1:?usage: make-wav-fixtures.sh <output-dir>}"
mkdir -p "$out"
command -v sox >/dev/null || { echo "make-wav-fixtures: sox not found (apt-get install -y sox)" >&2; exit 2; }

encodings=(
  "u8:-b 8 -e unsigned-integer"
  "s16:-b 16 -e signed-integer"
  "s24:-b 24 -e signed-integer"
  "s32:-b 32 -e signed-integer"
  "f32:-b 32 -e floating-point"
  "f64:-b 64 -e floating-point"
)

for rate in 8000 44100; do
  for spec in "${encodings[@]}"; do
    name="${spec%%:*}"
    # shellcheck disable=SC2206 # the option string is meant to split into words
    opts=(${spec#*:})
    sox -D -n -r "$rate" "${opts[@]}" -c 1 "$out/sine_${rate}_${name}_1ch.wav" synth 0.5 sine 440 vol 0.5
    sox -D -n -r "$rate" "${opts[@]}" -c 2 "$out/sine_${rate}_${name}_2ch.wav" synth 0.5 sine 440 sine 880 vol 0.5
  done
done

if command -v ffmpeg >/dev/null; then
  for codec in pcm_u8 pcm_s16le pcm_s24le pcm_s32le pcm_f32le pcm_f64le; do
    ffmpeg -nostdin -loglevel error -y -f lavfi -i "sine=frequency=440:sample_rate=8000:duration=0.5" \
      -c:a "$codec" "$out/ffmpeg_8000_${codec}.wav"
  done
fi
