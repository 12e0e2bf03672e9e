#!/bin/sh
# Makes the base image of the Dockerfile from Debian packages, for machines that cannot pull
# python:3.11-slim-bookworm from Docker Hub (air-gapped, behind a proxy, or CI): Debian 12 with its
# Python 3.11 (python3, python3-venv, and the C headers, libpython3.11-dev, which torch.compile's C++
# needs, as the python image has them) and ca-certificates, nothing else, imported as NAME.
#
#   docker/make-base-image.sh [NAME]        # default NAME: rnn-translator-base:bookworm
#   docker build --build-arg PYTHON_IMAGE=rnn-translator-base:bookworm ...
#
# Needs root, debootstrap (apt-get install debootstrap) and a running engine. MIRROR (default
# http://deb.debian.org/debian) is the Debian mirror to install from: a local mirror or apt proxy works.
# It takes one to two minutes. Python is Debian 12's 3.11 (3.11.2 with Debian's fixes); the
# python:3.11 image has a later 3.11 patch release.
set -eu

name=${1:-rnn-translator-base:bookworm}
mirror=${MIRROR:-http://deb.debian.org/debian}
docker=${DOCKER:-docker}

command -v debootstrap >/dev/null || { echo "make-base-image: no debootstrap (apt-get install debootstrap)" >&2; exit 1; }
rootfs=$(mktemp -d)
trap 'rm -rf "$rootfs"' EXIT

debootstrap --variant=minbase --include=python3,python3-venv,libpython3.11-dev,ca-certificates bookworm "$rootfs" "$mirror"
# The Dockerfile calls `python`, as the python:* images provide it.
ln -s python3 "$rootfs/usr/bin/python"
# What an image never needs: downloaded .debs, package lists (stages that install run apt-get
# update first), documentation.
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
  "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/*

tar -C "$rootfs" --numeric-owner -c . \
  | "$docker" import --change 'ENV LANG=C.UTF-8' --change 'CMD ["python3"]' - "$name"
echo "make-base-image: $name ($("$docker" image inspect --format '{{.Size}}' "$name") bytes)"
