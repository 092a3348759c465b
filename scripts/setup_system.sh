#!/usr/bin/env bash
# The system packages the test suite needs beyond Python: chromium (browser tests, in Chinese),
# the CJK fonts, LibreOffice (.docx → PDF) and poppler (PDF → PNG); and a running PostgreSQL.
#
# Called by `make test` and by .ci/run, so that a newcomer's `make test` runs what CI runs.
# As root it installs what is missing with apt-get; otherwise it prints the one command to run
# and carries on (the tests that need a missing package are skipped). With CI=true nothing may be
# skipped: a missing package that cannot be installed is an error.
set -euo pipefail

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
# Chromium's own controls (file and date inputs) in Chinese, as the screenshots should show them.
[ -e /usr/lib/chromium/locales/zh-CN.pak ] || need_apt+=(chromium-l10n)
fc-list 2>/dev/null | grep -qi "noto sans cjk\|wqy" || need_apt+=(fonts-noto-cjk)
# .docx → PDF/PNG rendering of the annual report (tests look at the first page).
command -v soffice >/dev/null 2>&1 || need_apt+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)

if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "Installing with apt-get: ${need_apt[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${need_apt[@]}" >/dev/null
  else
    echo "缺少系统软件包，相关测试将跳过。请先运行 / Missing system packages, run:" >&2
    echo "  sudo apt-get install -y --no-install-recommends ${need_apt[*]}" >&2
    if [ "${CI:-}" = "true" ]; then
      echo "CI=true：测试不得跳过，无法安装系统软件包 (cannot install as non-root)." >&2
      exit 1
    fi
  fi
fi

# The local PostgreSQL cluster, when one is installed but stopped (as root only: starting a
# cluster is the machine's business otherwise). `make test-postgres` skips it when none answers.
if [ "$(id -u)" = "0" ] && command -v pg_ctlcluster >/dev/null 2>&1 \
  && ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
fi
