#!/bin/sh
# One-shot Temporal setup for the case workflows: docker-compose service `temporal-setup` (image
# temporalio/admin-tools). Waits until the cluster is SERVING, creates the namespace when it is
# missing, registers the custom search attributes, then checks that all of them are listed.
# Idempotent: it runs on every `docker compose up`.
#
# Environment: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_NAMESPACE_RETENTION, and
# SEARCH_ATTRIBUTES ("Name=Type ...", the list of workflows/search-attributes.ts).
set -eu

address="${TEMPORAL_ADDRESS:?TEMPORAL_ADDRESS is not set}"
namespace="${TEMPORAL_NAMESPACE:-default}"
retention="${TEMPORAL_NAMESPACE_RETENTION:-30d}"
attributes="${SEARCH_ATTRIBUTES:?SEARCH_ATTRIBUTES is not set}"

# retry TRIES COMMAND...: runs COMMAND until it succeeds, two seconds apart, at most TRIES times.
retry() {
  tries="$1"
  shift
  attempt=1
  until "$@"; do
    if [ "$attempt" -ge "$tries" ]; then
      return 1
    fi
    attempt=$((attempt + 1))
    sleep 2
  done
}

serving() {
  temporal operator cluster health --address "$address" 2>/dev/null | grep -q SERVING
}

list_attributes() {
  temporal operator search-attribute list --address "$address" --namespace "$namespace"
}

# has_attribute NAME LISTING: true when the listing names the attribute.
has_attribute() {
  printf '%s\n' "$2" | grep -Eq "(^|[^A-Za-z0-9_])$1([^A-Za-z0-9_]|\$)"
}

echo "Waiting for the Temporal cluster at $address to serve..."
if ! retry 90 serving; then
  echo "Temporal at $address is not serving after 3 minutes" >&2
  exit 1
fi

if temporal operator namespace describe --address "$address" --namespace "$namespace" >/dev/null 2>&1; then
  echo "Namespace $namespace: exists"
else
  echo "Namespace $namespace: creating (retention $retention)"
  temporal operator namespace create --address "$address" --namespace "$namespace" \
    --retention "$retention" --description 'One-stop e-procedure cases'
fi

# A new namespace takes a moment to reach every frontend's cache.
if ! retry 30 list_attributes >/dev/null 2>&1; then
  echo "Namespace $namespace does not answer" >&2
  exit 1
fi

# `create` is idempotent in the CLI: an attribute of the same type is left alone, one of another
# type fails the job (a case attribute must never change type under running workflows).
for pair in $attributes; do
  echo "Search attribute ${pair%%=*} (${pair#*=})"
  temporal operator search-attribute create --address "$address" --namespace "$namespace" \
    --name "${pair%%=*}" --type "${pair#*=}"
done

all_registered() {
  listing="$(list_attributes 2>/dev/null)" || return 1
  for pair in $attributes; do
    has_attribute "${pair%%=*}" "$listing" || return 1
  done
}
if ! retry 30 all_registered; then
  echo "Search attributes missing after registration: $attributes" >&2
  exit 1
fi
echo "Temporal setup: namespace $namespace ready with $attributes"
