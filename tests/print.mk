# tests/print.mk
