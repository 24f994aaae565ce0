#!/usr/bin/env bash
# The whole test suite on SQLite, as the README says and CI runs it (TEST_DATABASE_URL=postgres://…
# runs the storage tests on PostgreSQL instead). Most suites run in one parallel run; the suites that
# time something run after it, apart from the crowd: connections, probes and the readiness check
# (with the portal's tests in the parallel run they missed their windows), the real-socket posts
# with a client deadline (a crowded run once took 79 s over one), and last and alone the bookings
# benchmark, whose timeline needs answers within the seconds it measures.
set -euo pipefail
cd "$(dirname "$0")/.."
timed="AppTests.IdleTimeoutTests|AppTests.HealthTests|AppTests.ReadinessTests|AppTests.MetricsTests|AppTests.ConcurrencyTests|AppTests.LongFormTests|AppTests.StreamedBodyTests"
skips=()
for suite in ${timed//|/ } AppTests.BookingsBenchmarkTests; do skips+=(--skip "$suite"); done
filter=()
# On PostgreSQL only the storage tests (AppTests) run; the pure engine's tests need no database.
if [ -n "${TEST_DATABASE_URL:-}" ]; then filter=(--filter AppTests); fi
swift test "${filter[@]}" "${skips[@]}" "$@"
swift test --filter "$timed"
swift test --filter AppTests.BookingsBenchmarkTests
