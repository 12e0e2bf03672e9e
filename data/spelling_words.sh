#!/bin/sh
# Every word form Hunspell's Spanish and English (US) dictionaries accept, one a line, for
# `python -m training.lexicon --spelling-words` (the words right as typed: translator/typed.py).
#
#     data/spelling_words.sh [OUTDIR]      # default data/cache/spelling
#
# Downloads hunspell-es, hunspell-en-us and hunspell-tools from the machine's Debian mirror
# (`apt-get download`: nothing is installed), writes each dictionary's forms out with hunspell-tools'
# `unmunch`, and puts the package, its version and its licence in a `#` header line of each list.
set -eu

out=${1:-data/cache/spelling}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

apt-get download hunspell-es hunspell-en-us hunspell-tools libhunspell-1.7-0 >/dev/null
for deb in ./*.deb; do dpkg-deb -x "$deb" root; done
version() { dpkg-deb -f ./"$1"_*.deb Version; }

words() {  # words LANG PACKAGE LICENCE
  {
    echo "# $1 word forms of $2 $(version "$2") (licence: $3), written out by hunspell-tools' unmunch"
    LD_LIBRARY_PATH=root/usr/lib/x86_64-linux-gnu root/usr/bin/unmunch \
      "root/usr/share/hunspell/$1.dic" "root/usr/share/hunspell/$1.aff" 2>/dev/null
  } >"$out/$1-words.txt"
  echo "$out/$1-words.txt: $(($(wc -l <"$out/$1-words.txt") - 1)) forms"
}

words es_ES hunspell-es "MPL-1.1 or GPL-3+ or LGPL-3+"
words en_US hunspell-en-us "SCOWL's permissive licence, see its copyright file"
