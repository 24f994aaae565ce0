.PHONY: build test serve db-up db-down test-postgres bench bench-pages browser-test release fmt ci

PG_PORT ?= 54329

build:
	swift build

test:
	swift test

serve:
	swift run booking serve

# A throwaway local PostgreSQL on 127.0.0.1:$(PG_PORT) (prints its URL).
db-up:
	scripts/postgres.sh start $(PG_PORT)

db-down:
	scripts/postgres.sh stop $(PG_PORT)

test-postgres:
	TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$(PG_PORT)/booking_test swift test --filter AppTests

release:
	swift build -c release

bench: release
	.build/release/booking bench slots

bench-pages: release
	.build/release/booking bench pages

# The website in headless Chromium (installs chromium, chromium-driver, selenium, axe when missing).
browser-test:
	swift build --product booking
	scripts/browser-tests.sh .build/debug/booking

fmt:
	swift format --in-place --recursive Sources Tests Package.swift

ci:
	bash .ci/run
