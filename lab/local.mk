# lab/local.mk
