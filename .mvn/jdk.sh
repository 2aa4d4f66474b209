# Sourced by ./mvnw and ./moe. MoE Platform needs JDK 25 or newer. When JAVA_HOME is unset and
# the `java` on PATH is older, use the newest JDK 25+ found in the usual install folders, and say
# so on stderr. When none is found, nothing changes: the build's enforcer rule then names the
# JDK it found and the one it needs.
moe_java_major() {
  "$1" -version 2>&1 | sed -n -E 's/.*version "([0-9]+).*/\1/p' | head -n 1
}
if [ -z "${JAVA_HOME-}" ]; then
  _moe_java=$(command -v java 2>/dev/null || true)
  _moe_major=0
  [ -n "$_moe_java" ] && _moe_major=$(moe_java_major "$_moe_java")
  if [ "${_moe_major:-0}" -lt 25 ] 2>/dev/null; then
    for _moe_jdk in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
      [ -x "$_moe_jdk/bin/javac" ] || continue
      _moe_m=$(moe_java_major "$_moe_jdk/bin/java")
      if [ "${_moe_m:-0}" -ge 25 ] 2>/dev/null; then
        JAVA_HOME=$_moe_jdk
      fi
    done
    if [ -n "${JAVA_HOME-}" ]; then
      export JAVA_HOME
      echo "[moe] JAVA_HOME was unset and java on PATH is ${_moe_major}; using JDK at $JAVA_HOME" >&2
    fi
  fi
  unset _moe_java _moe_major _moe_jdk _moe_m
fi
