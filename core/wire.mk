# core/wire.mk
