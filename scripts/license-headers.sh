#!/usr/bin/env bash
# Adds the licence header (scripts/license-header.txt) to every Java source file that lacks it, in every module.
# The build checks the headers at validate (com.mycila license-maven-plugin, configured in the root pom); run this
# after adding files or merging a branch that did. The BOM has no sources and no parent, hence '!bom'.
set -euo pipefail
cd "$(dirname "$0")/.."
exec "${MVN:-./mvnw}" -B -q -pl '!bom' com.mycila:license-maven-plugin:format "$@"
