# recsite: the two commands a new machine needs are `make site` and `make test`.
# Both install what is missing (Debian packages as root, the MovieLens 100K data) first.

SHELL := /bin/bash
SWIFT_BIN := $(firstword $(wildcard /opt/swift/usr/bin) $(dir $(shell command -v swift 2>/dev/null)))
export PATH := $(SWIFT_BIN):$(PATH)

DATA ?= data/ml-100k
OUT ?= site
RECSITE_FLAGS ?=
BIN := .build/release/recsite

.PHONY: all site test build data deps pyspark clean help llm llm-stop

all: site

help:
	@echo "make site   install what is missing, build, and generate the site into $(OUT)/ from $(DATA)"
	@echo "make test   install what is missing, build, and run the whole test suite"
	@echo "make build  build recsite in release mode (.build/release/recsite)"
	@echo "make data   fetch MovieLens 100K into data/ml-100k"
	@echo "make pyspark  install PySpark into bench/.venv (and Java 17 / python3-venv as root) for --engine spark"
	@echo "make llm    start a local Gemma 3 270M (llama.cpp, OpenAI-compatible API) and print the build line that uses it"
	@echo "make llm-stop  stop it"
	@echo "make clean  remove the build folder and the generated site"

deps:
	@scripts/install-deps build

data:
	@scripts/fetch-movielens ml-100k $(DATA)

# For `--engine spark` and the Spark integration tests; a no-op once bench/.venv imports pyspark.
pyspark:
	@scripts/install-pyspark >/dev/null

build: deps
	swift build -c release --product recsite

site: build data
	$(BIN) build --data $(DATA) --out $(OUT) $(RECSITE_FLAGS)

# The MovieLens 100K site test runs the release binary, so `test` builds it first.
SHARED_DIR ?= $(or $(RECSITE_SHARED_DIR),$(abspath ../shared))
export RECSITE_SHARED_DIR := $(SHARED_DIR)

# The Spark integration tests train through real Spark, so `test` installs PySpark first; the
# browser test needs Chromium.
test: build data pyspark
	@scripts/install-deps test browser
	@test -d "$(SHARED_DIR)/cases" || { echo "make test: the field cases and the Mustache spec are read from $(SHARED_DIR) (the team's shared/ folder beside the repository; CI has it). Put it there or set RECSITE_SHARED_DIR." >&2; exit 1; }
	swift build --build-tests
	@# Serial: some tests check that a dead server fails within seconds, which CPU-bound builds
	@# running beside them on a 2-core machine would turn into false failures.
	swift test --skip-build --no-parallel

llm:
	@scripts/install-deps llm
	@scripts/llm start

llm-stop:
	@scripts/llm stop

clean:
	rm -rf .build $(OUT)
