#!/usr/bin/env bash
# Builds release VERSION of the published artifacts (clean-reactor-parent, clean-reactor-bom, wasm-host,
# reactor-bridge, clean-reactor-spring-boot, clean-reactor-spring-boot-starter) with their sources and Javadoc
# jars, and deploys them to a local directory repository. Works on a copy of the committed HEAD, so the
# checkout keeps its -SNAPSHOT version and nothing reaches ~/.m2.
#
#   scripts/release.sh 0.1.0                        # -> target/release-repo
#   scripts/release.sh 0.1.0 /srv/maven-repo        # any directory
#   scripts/release.sh 0.1.0 /srv/maven-repo --skip-tests
#
# Publishing to a remote repository is the same command with -DaltDeploymentRepository=id::url of that repository.
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:?usage: scripts/release.sh VERSION [REPOSITORY_DIR] [--skip-tests]}
repo=$(realpath -m "${2:-target/release-repo}")
tests=""
[ "${3:-}" = "--skip-tests" ] && tests="-DskipTests"
case "$version" in
  *-SNAPSHOT|"") echo "release.sh: a release version must not be empty or a -SNAPSHOT: '$version'" >&2; exit 2 ;;
esac
current=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -1)
[ -n "$current" ] || { echo "release.sh: cannot read the project version from pom.xml" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git archive HEAD | tar -x -C "$work"
# Every module's own and parent version (the BOM has no parent and carries the version itself).
find "$work" -name pom.xml -exec sed -i "s:<version>${current}</version>:<version>${version}</version>:" {} +
if grep -rl --include=pom.xml -- "-SNAPSHOT</version>" "$work" >/dev/null; then
  echo "release.sh: a pom still names a -SNAPSHOT version:" >&2
  grep -rn --include=pom.xml -- "-SNAPSHOT</version>" "$work" >&2
  exit 1
fi
mkdir -p "$repo"
# ../shared (real compiler fixtures) is not beside the copy: those tests skip, the rest run unless --skip-tests.
(cd "$work" && mvn -B -Prelease $tests \
    -pl wasm-host,reactor-bridge,clean-reactor-spring-boot,clean-reactor-spring-boot-starter,clean-reactor-bom -am \
    -DaltDeploymentRepository="local::file://$repo" deploy)
echo "release.sh: org.cleanhost:*:$version deployed to $repo"
