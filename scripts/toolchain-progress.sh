# shellcheck shell=bash
# shellcheck disable=SC2154 # only, want_all, want_kube, force, ROOT, CACHE: set by toolchain.sh
# scripts/toolchain-progress.sh — sourced by scripts/toolchain.sh: what the toolchain is about to
# do and how far it got.
#
# - Before the first tool that is neither cached nor on PATH: the plan (which tools, why, whether
#   a release download is tried first, roughly how long the builds take on this machine kind).
# - Each build: its Go output goes to .tools/logs/<tool>.log; a live counter while it runs when
#   stdout is a terminal, none (no \r) otherwise; on failure the log's path and last lines.
# The cold build times are measured figures kept in tools/versions.env (BUILD_SECONDS_<TOOL>).

tc_announced=false

# tc_estimate NAME: the measured cold build seconds of NAME, or nothing.
tc_estimate() {
	local var
	var="BUILD_SECONDS_$(tc_key "$1")"
	printf '%s' "${!var:-}"
}

# tc_human SECONDS: "42 s" or "6 min".
tc_human() {
	if (($1 < 90)); then printf '%d s' "$1"; else printf '%d min' $((($1 + 30) / 60)); fi
}

# tc_plan_args: the options of this run, for the --plan pass.
tc_plan_args() {
	local o=${only#,}
	o=${o%,}
	if $want_all; then printf '%s\n' --all; elif $want_kube; then printf '%s\n' --kube; fi
	if $force; then printf '%s\n' --force; fi
	if [[ -n "$o" ]]; then printf '%s\n' --only "$o"; fi
}

# tc_announce: once per run, before the first tool to fetch: ask the script which tools it will
# have to fetch (--plan: no side effects) and say what happens to each.
tc_announce() {
	$tc_announced && return 0
	tc_announced=true
	local names=() args=() name s total=0 unknown=0 how
	while IFS= read -r name; do [[ -n "$name" ]] && args+=("$name"); done < <(tc_plan_args)
	while IFS= read -r name; do [[ -n "$name" ]] && names+=("$name"); done < <(
		"$BASH" "$ROOT/scripts/toolchain.sh" --plan ${args[@]+"${args[@]}"} 2>/dev/null || true
	)
	((${#names[@]} > 0)) || return 0
	log "toolchain: ${#names[@]} tool(s) to fetch (not cached in $CACHE, none usable on PATH):"
	for name in "${names[@]}"; do
		s=$(tc_estimate "$name")
		if [[ -n "$s" ]]; then total=$((total + s)); s="≈ $(tc_human "$s")"; else unknown=$((unknown + 1)); s="time unmeasured"; fi
		if [[ "${CONTINUUM_TOOLCHAIN_DOWNLOAD:-auto}" == never ]]; then
			how="build from source ($s): release downloads are off"
		elif tc_release_pinned "$name"; then
			how="release download first (sha256-pinned); if unreachable, build ($s)"
		else
			how="build from source ($s): no release download pinned for $(tc_platform | tr _ /)"
		fi
		log "  $name: $how"
	done
	s="  if everything is built: ≈ $(tc_human "$total")"
	((unknown == 0)) || s+=" + $unknown unmeasured"
	log "$s (measured cold on 2 cores); Go's output goes to .tools/logs/<tool>.log"
	if [[ -n "${CONTINUUM_TOOLCHAIN_MIRROR:-}" ]]; then log "  release files from the mirror $CONTINUUM_TOOLCHAIN_MIRROR"; fi
}

# tc_counter NAME START EST: print "\r  building NAME… N s" every second until the script ends
# (run in the background; stopped by tc_build).
tc_counter() {
	while kill -0 "$$" 2>/dev/null; do
		printf '\r  building %s… %d s%s' "$1" $((SECONDS - $2)) "$3"
		sleep 1
	done
}

# tc_build NAME BUILD OUT WHY: run BUILD OUT with its output in .tools/logs/NAME.log, saying why
# (WHY) and, on a terminal, counting the seconds. Returns BUILD's status; on failure prints the
# log's path and last lines to stderr.
tc_build() {
	local name=$1 build=$2 out=$3 why=$4 logf rel s est="" start=$SECONDS rc=0 cpid=""
	rel=".tools/logs/$name.log"
	logf="$ROOT/$rel"
	mkdir -p "$ROOT/.tools/logs"
	s=$(tc_estimate "$name")
	[[ -z "$s" ]] || est=" (≈ $(tc_human "$s"))"
	log "$name: $why; building from source${est}, log: $rel"
	if [[ -t 1 ]]; then
		tc_counter "$name" "$start" "$est" &
		cpid=$!
	fi
	("$build" "$out") >"$logf" 2>&1 || rc=$?
	if [[ -n "$cpid" ]]; then
		kill "$cpid" 2>/dev/null || true
		wait "$cpid" 2>/dev/null || true
		printf '\r\033[K'
	fi
	if ((rc != 0)); then
		{
			printf 'toolchain: %s: build failed after %d s (exit %d); last lines of %s:\n' \
				"$name" $((SECONDS - start)) "$rc" "$rel"
			tail -n 25 "$logf" | sed 's/^/  | /'
			printf 'toolchain: full log: %s\n' "$logf"
		} >&2
		return "$rc"
	fi
}
