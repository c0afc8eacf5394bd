# tests/io.mk
